import type { Category, Session } from '../../db/database';
import type { LadderStep, Settings } from '../settings/settings.defaults';

/*
 * docs/DESIGN.md, "Compliance rules" as pure functions: the dashboard, the OPD page, the monthly report, the digest and
 * the API all decide flags here, so their figures cannot disagree.
 */
export type FlagLevel = 'red' | 'amber';
export type UnitFlagCode = 'belum_lapor' | 'terlambat_lapor' | 'tidak_dilaksanakan' | 'kehadiran_rendah';
export type Step = LadderStep['step'];
export type SanctionLevel = LadderStep['level'];

/**
 * Ladder steps from the mildest; 'alasan_diterima' is a follow-up, never a recommendation.
 * The first four are the light (ringan) sanctions of PP 94/2021; a local rule may go on to a
 * medium (sedang, e.g. a 25% allowance cut) or heavy (berat) sanction, named in the rung's basis.
 */
export const STEP_ORDER: readonly Step[] = [
  'catatan',
  'teguran_lisan',
  'teguran_tertulis',
  'pernyataan_tidak_puas',
  'hukuman_sedang',
  'hukuman_berat',
];

/** The level each step belongs to; a rung's level is always its step's. */
export const STEP_LEVEL: Readonly<Record<Step, SanctionLevel>> = {
  catatan: 'ringan',
  teguran_lisan: 'ringan',
  teguran_tertulis: 'ringan',
  pernyataan_tidak_puas: 'ringan',
  hukuman_sedang: 'sedang',
  hukuman_berat: 'berat',
};

export interface UnitFlag {
  code: UnitFlagCode;
  level: FlagLevel;
}

export type SessionFacts = Pick<Session, 'state' | 'late' | 'held' | 'reason_accepted' | 'rate'>;
export type Thresholds = Pick<Settings, 'rate_amber' | 'rate_red'>;

// Rates are stored as floating point: 27/30 must count as exactly 90%, not "just below".
const EPSILON = 1e-9;

/** compliant / (expected - excused), or null when nobody was left to attend. */
export function sessionRate(compliant: number, expected: number, excused: number): number | null {
  const denominator = expected - excused;
  return denominator > 0 ? compliant / denominator : null;
}

/** 'red' below rate_red, 'amber' below rate_amber, else null (no rate: no flag). */
export function rateLevel(rate: number | null | undefined, settings: Thresholds): FlagLevel | null {
  if (rate == null) return null;
  if (rate < settings.rate_red - EPSILON) return 'red';
  if (rate < settings.rate_amber - EPSILON) return 'amber';
  return null;
}

/**
 * Flags of one OPD for one pledge date. `session` is null when nothing was saved.
 * A draft counts as not submitted. Before the deadline a missing report is not yet a flag.
 * A session not held is flagged unless hr accepted the reason (reason_accepted = 1).
 */
export function unitFlags(session: SessionFacts | null | undefined, pastDeadline: boolean, settings: Thresholds): UnitFlag[] {
  if (session?.state !== 'submitted') return pastDeadline ? [{ code: 'belum_lapor', level: 'red' }] : [];
  const flags: UnitFlag[] = [];
  if (session.late) flags.push({ code: 'terlambat_lapor', level: 'amber' });
  if (!session.held) {
    if (session.reason_accepted !== 1) flags.push({ code: 'tidak_dilaksanakan', level: 'red' });
    return flags;
  }
  const level = rateLevel(session.rate, settings);
  if (level) flags.push({ code: 'kehadiran_rendah', level });
  return flags;
}

export function worstLevel(flags: UnitFlag[]): FlagLevel | null {
  if (flags.some((f) => f.level === 'red')) return 'red';
  return flags.length ? 'amber' : null;
}

export interface UnitCompliance {
  expectedWeeks: number;
  flaggedWeeks: number;
  /** weeks with no flag / expected weeks; null when no week was expected. */
  compliance: number | null;
  /** Mean of the weekly session rates that exist (submitted, held, someone to attend). */
  meanRate: number | null;
}

/**
 * Unit compliance over a period (docs/DESIGN.md, "Compliance rules"). `weeks` holds one entry per expected week only:
 * holiday weeks and weeks before the unit started are not passed in, so they never count.
 */
export function unitCompliance(weeks: { flags: UnitFlag[]; rate: number | null }[]): UnitCompliance {
  const flagged = weeks.filter((w) => w.flags.length > 0).length;
  const rates = weeks.map((w) => w.rate).filter((r): r is number => r != null);
  return {
    expectedWeeks: weeks.length,
    flaggedWeeks: flagged,
    compliance: weeks.length ? (weeks.length - flagged) / weeks.length : null,
    meanRate: rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : null,
  };
}

export function ladderFor(category: Category | string, settings: Pick<Settings, 'ladder_pns' | 'ladder_pppk'>): LadderStep[] {
  return category === 'PPPK' || category === 'PPPK_PW' ? settings.ladder_pppk : settings.ladder_pns;
}

/** The most severe rung whose condition (year's TK count or a streak) is met, or null. */
export function recommendedStep(ladder: LadderStep[], tkCount: number, streak: number): Step | null {
  let best = -1;
  for (const rung of ladder) {
    const byTotal = rung.minTotal != null && tkCount >= rung.minTotal;
    const byStreak = rung.minStreak != null && streak >= rung.minStreak;
    if (byTotal || byStreak) best = Math.max(best, STEP_ORDER.indexOf(rung.step));
  }
  return best >= 0 ? STEP_ORDER[best] : null;
}

/**
 * The step for an employee-year. The streak condition uses the year's longest run, not only
 * the current one: two consecutive TK Mondays earn teguran lisan even if the person came on
 * the third Monday, before hr had time to act.
 */
export function employeeStep(
  category: Category | string,
  stats: { tk_count: number; max_streak: number },
  settings: Pick<Settings, 'ladder_pns' | 'ladder_pppk'>,
): Step | null {
  return recommendedStep(ladderFor(category, settings), stats.tk_count, stats.max_streak);
}

/** A flag stays open until a follow-up covers the current TK count. */
export function isOpenFlag(step: Step | string | null, tkCount: number, covered: number): boolean {
  return step != null && tkCount > covered;
}

/**
 * TPP cut for a month's TK count, in percent, capped at 100; null where the category gets no
 * TPP cut (PPPK paruh waktu are paid wages, non-ASN staff get no TPP).
 */
export function tppDeduction(tkCount: number, percentPerTk: number | null): number | null {
  if (percentPerTk == null) return null;
  return Math.min(100, Math.round(tkCount * percentPerTk * 100) / 100);
}

/** The deduction per TK that applies to a category, or null when none applies. */
export function tppPercentFor(category: Category | string, settings: Pick<Settings, 'tpp_percent_by_category'>): number | null {
  return settings.tpp_percent_by_category[category as Category] ?? null;
}
