import { addDays, mondayOf } from '../../lib/calendar';
import { heatmap, sparkline, type HeatRow } from './charts';
import { cellText, change, duration, footnote, longDate, num, pct, periodLabel, rateFormula, shortDate, type Fmt } from './format';
import { PERIOD_KINDS, type PeriodKind } from './period';
import type { ComplianceSummary, OpdSummary, TrendCell } from './summary';

/*
 * The Sekda dashboard's view model: every figure as display text with the link to what it
 * counts (OPD → session → roll-call → employee), charts as SVG strings with text alternatives.
 */
export function opdHref(code: string, s: ComplianceSummary): string {
  return `/opd/${encodeURIComponent(code)}?period=${s.period.kind}&date=${s.period.date}`;
}

export function sessionHref(code: string, date: string): string {
  return `/opd/${encodeURIComponent(code)}/sessions/${date}`;
}

/** The TK rows the period's TK figure counts (optionally one unit's). */
export function tkHref(s: ComplianceSummary, code?: string): string {
  const unit = code ? `&opd=${encodeURIComponent(code)}` : '';
  return `/flags/tk?from=${s.period.from}&to=${s.period.to}${unit}`;
}

export function cellHref(code: string, c: TrendCell): string | null {
  // Only weeks that have come and that the unit owed: holidays and inactive weeks link nowhere.
  return c.pledgeDate && c.state ? sessionHref(code, c.pledgeDate) : null;
}

/** "this week" only for the week tab showing the current week; other weeks are named by date. */
function isThisWeek(s: ComplianceSummary, today: string): boolean {
  return s.period.kind === 'week' && s.period.from === mondayOf(today);
}

function headline(f: Fmt, s: ComplianceSummary, today: string) {
  const h = s.headline;
  const year = s.period.year;
  return [
    {
      label: f.t(isThisWeek(s, today) ? 'dashboard.headline.on_time_week' : 'dashboard.headline.on_time'),
      value: `${num(f, h.onTime)} / ${num(f, h.expected)}`,
      detail: pct(f, h.onTimeShare),
      change: change(f, s.change.onTimeShare, 'pp', true),
      href: '#league',
    },
    { label: f.t('dashboard.headline.rate'), value: pct(f, h.rate), detail: null, change: change(f, s.change.rate, 'pp', true), href: '#league' },
    {
      label: f.t('dashboard.headline.tk'),
      value: num(f, h.tk),
      detail: null,
      change: change(f, s.change.tk, 'count', false),
      href: tkHref(s),
    },
    {
      label: f.t('dashboard.headline.open_flags', { year }),
      value: num(f, h.openFlags),
      detail: null,
      change: change(f, s.change.openFlags, 'count', false),
      href: `/flags?year=${year}`,
    },
    // The Pemda's verified share, once any unit has check-in evidence in the period.
    ...(showVerified(s)
      ? [{ label: f.t('dashboard.headline.verified'), value: pct(f, h.verifiedShare), detail: `${num(f, h.verified)} / ${num(f, h.present)}`, change: null, href: '#league' }]
      : []),
  ];
}

/** The verified share is shown where the period has any check-in evidence (README, "A Monday with check-in"). */
export const showVerified = (s: ComplianceSummary) => s.headline.verified > 0;

function leagueRow(f: Fmt, s: ComplianceSummary, o: OpdSummary, i: number, texts: string[]) {
  const fig = o.figures;
  const points = o.trend.map((c, k) => ({ rate: c.rate, label: texts[k] }));
  return {
    rank: i + 1,
    code: o.code,
    name: o.name,
    href: opdHref(o.code, s),
    compliance: pct(f, fig.compliance),
    weeks: f.t('dashboard.league.weeks_clean', { clean: fig.expectedWeeks - fig.flaggedWeeks, expected: fig.expectedWeeks }),
    onTime: `${fig.onTime} / ${fig.expectedWeeks}`,
    onTimeShare: pct(f, fig.expectedWeeks ? fig.onTime / fig.expectedWeeks : null),
    rate: pct(f, fig.rate),
    verified: pct(f, fig.verifiedShare),
    verifiedDetail: `${num(f, fig.verified)} / ${num(f, fig.present)}`,
    tk: num(f, fig.tk),
    tkHref: tkHref(s, o.code),
    openFlags: num(f, o.openFlags),
    flagsHref: `/flags?year=${s.period.year}&opd=${encodeURIComponent(o.code)}`,
    sparkline: sparkline(`spark-${o.id}`, f.t('dashboard.league.trend_title', { name: o.name }), points, s.settingsUsed.rate_amber, s.settingsUsed.rate_red),
  };
}

function heatmapView(f: Fmt, s: ComplianceSummary, texts: string[][]) {
  const columns = s.trendWeeks.map((w) => shortDate(f, w.pledgeDate ?? w.monday));
  const kinds = new Map(['ok', 'amber', 'red', 'pending', 'holiday', 'inactive'].map((k) => [k, f.t(`compliance.cells.${k}`)]));
  const rows: HeatRow[] = s.opds.map((o, i) => ({
    label: o.code.length > 18 ? `${o.code.slice(0, 17)}…` : o.code,
    href: opdHref(o.code, s),
    cells: o.trend.map((c, k) => ({ kind: c.kind, label: `${o.name} · ${texts[i][k]}`, href: cellHref(o.code, c) })),
  }));
  return {
    svg: heatmap(f.t('dashboard.heatmap.title'), f.t('dashboard.heatmap.desc'), columns, rows),
    columns,
    table: s.opds.map((o, i) => ({
      name: o.name,
      href: opdHref(o.code, s),
      cells: o.trend.map((c, k) => ({ kind: c.kind, text: kinds.get(c.kind), href: cellHref(o.code, c), title: texts[i][k] })),
    })),
  };
}

/** What the belum-lapor box says: about the period shown, never "this week" for another one. */
function belumLaporBox(f: Fmt, s: ComplianceSummary, today: string) {
  const period = periodLabel(f, s.period);
  if (s.period.kind !== 'week') {
    return {
      title: f.t('dashboard.belum_lapor.title_period', { period }),
      intro: f.t('dashboard.belum_lapor.intro_period', { period }),
      none: f.t(s.pledgeDates.length ? 'dashboard.belum_lapor.none_period' : 'dashboard.belum_lapor.no_pledge', { period }),
      weekly: false,
    };
  }
  const date = s.reference ? longDate(f, s.reference) : '';
  const current = isThisWeek(s, today);
  return {
    title: current ? f.t('dashboard.belum_lapor.title') : f.t('dashboard.belum_lapor.title_week', { date }),
    intro: f.t('dashboard.belum_lapor.intro', { date }),
    none: s.reference ? f.t(current ? 'dashboard.belum_lapor.none' : 'dashboard.belum_lapor.none_week', { date }) : f.t('dashboard.belum_lapor.no_pledge', { period }),
    weekly: true,
  };
}

/** Month and year: every unit with unreported weeks in the period, each week linked. */
function unreported(f: Fmt, s: ComplianceSummary) {
  return s.unreported.map((u) => ({
    code: u.opd.code,
    name: u.opd.name,
    opdHref: opdHref(u.opd.code, s),
    count: num(f, u.dates.length),
    overdue: u.overdue,
    dates: u.dates.map((d) => ({ label: shortDate(f, d), href: sessionHref(u.opd.code, d) })),
  }));
}

function belumLapor(f: Fmt, s: ComplianceSummary) {
  return s.belumLapor.map((b) => ({
    code: b.opd.code,
    name: b.opd.name,
    href: sessionHref(b.opd.code, b.pledgeDate),
    opdHref: opdHref(b.opd.code, s),
    state: f.t(`compliance.states.${b.state}`),
    missing: b.capped
      ? f.t('dashboard.belum_lapor.missing_long', {
          n: b.missingWeeks,
          last: b.lastSubmitted ? longDate(f, b.lastSubmitted) : f.t('dashboard.belum_lapor.never'),
        })
      : f.t('dashboard.belum_lapor.missing', { n: b.missingWeeks, since: shortDate(f, b.since) }),
    overdue: b.overdueMs != null,
    when:
      b.overdueMs != null
        ? f.t(b.capped ? 'compliance.duration.overdue_more' : 'compliance.duration.overdue', { duration: duration(f, b.overdueMs) })
        : f.t('compliance.duration.left', { duration: duration(f, b.timeLeftMs ?? 0) }),
  }));
}

export function periodNav(s: ComplianceSummary, today: string, base: string) {
  const next = addDays(s.period.to, 1);
  const href = (kind: PeriodKind, date: string) => `${base}?period=${kind}&date=${date}`;
  return {
    kinds: PERIOD_KINDS.map((k) => ({ kind: k, href: href(k, s.period.date), current: k === s.period.kind })),
    prev: href(s.period.kind, s.period.previous.from),
    next: next <= today ? href(s.period.kind, next) : null,
  };
}

export function dashboardView(f: Fmt, s: ComplianceSummary, today: string) {
  const texts = s.opds.map((o) => o.trend.map((c) => cellText(f, c)));
  return {
    period: { ...s.period, label: periodLabel(f, s.period) },
    periodNav: periodNav(s, today, '/dashboard'),
    reference: s.reference,
    headline: headline(f, s, today),
    league: s.opds.map((o, i) => leagueRow(f, s, o, i, texts[i])),
    showVerified: showVerified(s),
    heatmap: heatmapView(f, s, texts),
    belumBox: belumLaporBox(f, s, today),
    belumLapor: s.period.kind === 'week' ? belumLapor(f, s) : unreported(f, s),
    overdueCount: s.belumLapor.filter((b) => b.overdueMs != null).length,
    footnote: footnote(f, s.settingsUsed),
    formula: rateFormula(f, s.settingsUsed),
  };
}
