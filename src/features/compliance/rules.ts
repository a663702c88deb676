import type { Category, Session } from '../../db/database';
import type { LadderStep, Settings } from '../settings/settings.defaults';

/*
 * DESIGN §5 as pure functions: the dashboard, the OPD page, the monthly report, the digest and
 * the API all decide flags here, so their figures cannot disagree.
 */
export type FlagLevel = 'red' | 'amber';
export type UnitFlagCode = 'belum_lapor' | 'terlambat_lapor' | 'tidak_dilaksanakan' | 'kehadiran_rendah';

export interface UnitFlag {
  code: UnitFlagCode;
  level: FlagLevel;
}

type SessionFacts = Pick<Session, 'state' | 'late' | 'held' | 'reason_accepted' | 'rate'>;

/**
 * Flags of one OPD for one pledge date. `session` is null when nothing was saved.
 * A draft counts as not submitted. Before the deadline a missing report is not yet a flag.
 */
export function unitFlags(
  session: SessionFacts | null | undefined,
  pastDeadline: boolean,
  settings: Pick<Settings, 'rate_amber' | 'rate_red'>,
): UnitFlag[] {
  const submitted = session?.state === 'submitted';
  if (!submitted) return pastDeadline ? [{ code: 'belum_lapor', level: 'red' }] : [];
  const flags: UnitFlag[] = [];
  if (session!.late) flags.push({ code: 'terlambat_lapor', level: 'amber' });
  if (!session!.held) {
    if (session!.reason_accepted !== 1) flags.push({ code: 'tidak_dilaksanakan', level: 'red' });
    return flags;
  }
  const rate = session!.rate;
  if (rate != null && rate < settings.rate_red) flags.push({ code: 'kehadiran_rendah', level: 'red' });
  else if (rate != null && rate < settings.rate_amber) flags.push({ code: 'kehadiran_rendah', level: 'amber' });
  return flags;
}

export function worstLevel(flags: UnitFlag[]): FlagLevel | null {
  if (flags.some((f) => f.level === 'red')) return 'red';
  return flags.length ? 'amber' : null;
}

export function ladderFor(category: Category, settings: Pick<Settings, 'ladder_pns' | 'ladder_pppk'>): LadderStep[] {
  return category === 'PPPK' || category === 'PPPK_PW' ? settings.ladder_pppk : settings.ladder_pns;
}

/** The highest rung whose condition (year's TK count or current streak) is met, or null. */
export function recommendedStep(ladder: LadderStep[], tkCount: number, streak: number): LadderStep['step'] | null {
  let step: LadderStep['step'] | null = null;
  for (const rung of ladder) {
    const byTotal = rung.minTotal != null && tkCount >= rung.minTotal;
    const byStreak = rung.minStreak != null && streak >= rung.minStreak;
    if (byTotal || byStreak) step = rung.step;
  }
  return step;
}

/** TPP cut for a month's TK count, in percent, capped at 100. */
export function tppDeduction(tkCount: number, percentPerTk: number): number {
  return Math.min(100, Math.round(tkCount * percentPerTk * 100) / 100);
}
