import { DateTime } from 'luxon';
import { addDays } from '../../lib/calendar';
import { flagRows } from '../flags/flags.presenter';
import type { FlagRow } from '../flags/flags.queries';
import type { CurrentWeek } from './compliance.service';
import { cellHref, periodNav } from './dashboard.presenter';
import { cellText, duration, footnote, num, pct, periodLabel, rateFormula, type Fmt } from './format';
import { TREND_WEEKS } from './period';
import type { ComplianceSummary } from './summary';

/* The OPD home's view model: this week, the unit's figures (the dashboard's row), history, people. */

function thisWeek(f: Fmt, code: string, w: CurrentWeek) {
  if (!w.pledgeDate || !w.state || !w.deadline) return null;
  const left = DateTime.fromISO(w.deadline).toMillis() - DateTime.fromISO(w.now).toMillis();
  return {
    pledgeDate: w.pledgeDate,
    href: `/opd/${encodeURIComponent(code)}/sessions/${w.pledgeDate}`,
    active: w.active,
    holidayWeek: w.holidayWeek,
    state: w.state.state,
    stateLabel: f.t(`compliance.states.${w.state.state}`),
    deadline: w.deadline,
    submitted: w.session?.state === 'submitted',
    overdue: w.state.overdue,
    when:
      left > 0
        ? f.t('compliance.duration.left', { duration: duration(f, left) })
        : w.session?.state === 'submitted'
          ? null
          : f.t('compliance.duration.overdue', { duration: duration(f, -left) }),
    rate: w.session?.state === 'submitted' && w.session.held ? pct(f, w.session.rate) : null,
  };
}

export function opdHomeView(f: Fmt, code: string, s: ComplianceSummary, w: CurrentWeek, flagged: { rows: FlagRow[]; total: number }, today: string) {
  const row = s.opds[0];
  const fig = row?.figures;
  const older = addDays(s.reference ?? s.period.from, -7 * TREND_WEEKS);
  return {
    period: { ...s.period, label: periodLabel(f, s.period) },
    periodNav: periodNav(s, today, `/opd/${encodeURIComponent(code)}`),
    thisWeek: thisWeek(f, code, w),
    figures: fig && {
      expectedWeeks: num(f, fig.expectedWeeks),
      onTime: `${fig.onTime} / ${fig.expectedWeeks}`,
      compliance: pct(f, fig.compliance),
      rate: pct(f, fig.rate),
      tk: num(f, fig.tk),
      // The dashboard's number for this unit (weeks.ts verifiedShare), shown once it has check-ins.
      verified: fig.verified > 0 ? { share: pct(f, fig.verifiedShare), detail: `${num(f, fig.verified)} / ${num(f, fig.present)}` } : null,
      openFlags: num(f, row.openFlags),
      flagsHref: `/flags?year=${s.period.year}&opd=${encodeURIComponent(code)}`,
    },
    history: (row?.trend ?? [])
      .slice()
      .reverse()
      .map((c) => ({
        date: c.pledgeDate ?? c.monday,
        href: cellHref(code, c),
        kind: c.kind,
        kindLabel: f.t(`compliance.cells.${c.kind}`),
        state: c.state && c.kind !== 'inactive' ? f.t(`compliance.states.${c.state}`) : null,
        flags: c.flags.map((fl) => ({ level: fl.level, label: f.t(`compliance.unit_flags.${fl.code}`) })),
        rate: pct(f, c.rate),
        title: cellText(f, c),
      })),
    // History pages by weeks: a month or a year would end on the same week again.
    olderHref: `/opd/${encodeURIComponent(code)}?period=week&date=${older}`,
    flagged: { rows: flagRows(flagged.rows), total: flagged.total, href: `/flags?year=${s.period.year}&status=all&opd=${encodeURIComponent(code)}` },
    footnote: footnote(f, s.settingsUsed),
    formula: rateFormula(f, s.settingsUsed),
  };
}
