import { DateTime } from 'luxon';
import { statusLabel } from '../../i18n/status-label';
import type { Translate } from '../../i18n/t';
import type { Period } from './period';
import type { SettingsUsed } from './summary';
import type { TrendCell } from './summary';

/*
 * Formatting shared by the compliance pages (dashboard, OPD home): numbers in the page's
 * locale, durations, period labels, the footnote naming the settings used.
 */
export interface Fmt {
  t: Translate;
  locale: string;
  zone: string;
  /*
   * A dashboard formats thousands of cells; Intl formatters are costly to build, so one of each
   * is made per page and dates (only a dozen distinct ones) are formatted once.
   */
  percent: Intl.NumberFormat;
  number: Intl.NumberFormat;
  dates: Map<string, string>;
}

export function fmtOf(t: Translate, lang: string, zone: string): Fmt {
  const locale = lang === 'en' ? 'en-GB' : 'id-ID';
  return {
    t,
    locale,
    zone,
    percent: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }),
    number: new Intl.NumberFormat(locale),
    dates: new Map(),
  };
}

export function pct(f: Fmt, v: number | null | undefined): string {
  return v == null ? '–' : f.percent.format(v);
}

export function num(f: Fmt, v: number): string {
  return f.number.format(v);
}

function dateText(f: Fmt, date: string, format: string): string {
  const key = `${format}|${date}`;
  let text = f.dates.get(key);
  if (text === undefined) f.dates.set(key, (text = DateTime.fromISO(date, { zone: 'utc' }).setLocale(f.locale).toFormat(format)));
  return text;
}

export function shortDate(f: Fmt, date: string): string {
  return dateText(f, date, 'd LLL');
}

export function longDate(f: Fmt, date: string): string {
  return dateText(f, date, 'd LLL yyyy');
}

/** "3 hari 4 jam" from milliseconds; under a day "5 jam 12 menit". */
export function duration(f: Fmt, ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  return days > 0 ? f.t('compliance.duration.days_hours', { days, hours }) : f.t('compliance.duration.hours_minutes', { hours, minutes: minutes % 60 });
}

export type Trend = 'better' | 'worse' | 'same' | null;

/** A change with its sign and whether it is good news (`higherIsBetter`). */
export function change(f: Fmt, delta: number | null, kind: 'pp' | 'count', higherIsBetter: boolean): { text: string; trend: Trend } | null {
  if (delta == null) return null;
  const rounded = kind === 'pp' ? Math.round(delta * 1000) / 10 : delta;
  const sign = rounded > 0 ? '+' : rounded < 0 ? '−' : '±';
  const n = f.number.format(Math.abs(rounded));
  const text = f.t(kind === 'pp' ? 'dashboard.change.pp' : 'dashboard.change.count', { sign, n });
  const trend: Trend = rounded === 0 ? 'same' : rounded > 0 === higherIsBetter ? 'better' : 'worse';
  return { text, trend };
}

export function periodLabel(f: Fmt, p: Period): string {
  if (p.kind === 'week') return f.t('compliance.period_label.week', { from: shortDate(f, p.from), to: longDate(f, p.to) });
  if (p.kind === 'month') {
    return f.t('compliance.period_label.month', { month: DateTime.fromISO(p.from, { zone: 'utc' }).setLocale(f.locale).toFormat('LLLL yyyy') });
  }
  return f.t('compliance.period_label.year', { year: p.year });
}

export function footnote(f: Fmt, s: SettingsUsed): string {
  return f.t('compliance.footnote', {
    amber: pct(f, s.rate_amber),
    red: pct(f, s.rate_red),
    days: s.deadline_days_after,
    time: s.deadline_time,
    policy: f.t(`compliance.policy.${s.holiday_policy}`),
    virtual: f.t(`compliance.virtual.${s.virtual_counts ? 'yes' : 'no'}`),
  });
}

/** The statuses that count as present, in words ("Hadir, Terlambat, Hadir daring"). */
export function presentWords(t: Translate, virtualCounts: boolean): string {
  return ['H', 'TL', ...(virtualCounts ? ['HD'] : [])].map((c) => statusLabel(t, c)).join(', ');
}

export function rateFormula(f: Fmt, s: SettingsUsed): string {
  return f.t('compliance.rate_formula', { present: presentWords(f.t, s.virtual_counts) });
}

/** What a heatmap cell or history row says in words: the week, its state, flags and rate. */
export function cellText(f: Fmt, c: TrendCell): string {
  const when = longDate(f, c.pledgeDate ?? c.monday);
  const parts = [f.t(`compliance.cells.${c.kind}`)];
  if (c.state && c.kind !== 'inactive') parts.push(f.t(`compliance.states.${c.state}`));
  for (const flag of c.flags) parts.push(f.t(`compliance.unit_flags.${flag.code}`));
  if (c.rate != null) parts.push(pct(f, c.rate));
  return `${when}: ${parts.join(', ')}`;
}
