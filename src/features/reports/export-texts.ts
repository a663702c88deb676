import { DateTime } from 'luxon';
import type { Language } from '../../config';
import type { Status } from '../../db/database';
import { statusLabel } from '../../i18n/status-label';
import type { Translate } from '../../i18n/t';
import { formatNip } from '../../lib/nip';
import { presentWords } from '../compliance/format';
import { printableSettings } from '../settings/settings.checklist';
import type { Settings } from '../settings/settings.defaults';
import { unitsLabel, type EmployeeReportRow } from './employee-rows';
import type { UnitSummary } from './monthly-summary';
import type { MonthlyReport } from './reports.service';

/*
 * Words and columns shared by the preview, XLSX, CSV and PDF, so every format says the same
 * thing in the same order. Cells are raw values (numbers, rates as 0..1 fractions); each
 * format decides how to show them.
 */
export const STATUS_ORDER: readonly Status[] = ['H', 'HD', 'TL', 'DL', 'S', 'I', 'C', 'TB', 'TK'];

export type Cell = string | number | null;

export interface ReportTexts {
  pemda: string;
  agency: string;
  address: string;
  title: string;
  monthLabel: string;
  period: string;
  unit: string;
  category: string | null;
  /** What the attendance rate is, in one line (the dashboard's footnote says the same). */
  rateNote: string;
  tppNote: string;
  /** The rules the figures were computed with, so a printed report can be checked later. */
  rulesNote: string;
  legend: string;
  generated: string;
  /** Rank (pangkat/golongan) may be empty; the NIP is printed in groups, as on letters. */
  signature: { placeDate: string; acknowledged: string; title: string; name: string; rank: string; nip: string };
}

export function localeOf(lang: Language): string {
  return lang === 'en' ? 'en-GB' : 'id-ID';
}

export function monthLabel(month: string, lang: Language): string {
  return DateTime.fromISO(`${month}-01`).setLocale(localeOf(lang)).toFormat('LLLL yyyy');
}

/** "PNS, CPNS, PPPK 2%; PPPK paruh waktu, Non-ASN tidak berlaku": the TPP rule per category. */
export function tppRates(t: Translate, s: Pick<Settings, 'tpp_percent_by_category'>): string {
  const groups = new Map<string, string[]>();
  for (const [category, pct] of Object.entries(s.tpp_percent_by_category)) {
    const key = pct == null ? t('reports.tpp_not_applicable') : `${pct}%`;
    groups.set(key, [...(groups.get(key) ?? []), t(`reports.categories.${category}`)]);
  }
  return [...groups].map(([rate, names]) => `${names.join(', ')} ${rate}`).join('; ');
}

export function reportTexts(report: MonthlyReport, t: Translate, lang: Language): ReportTexts {
  // Sample letterhead, signer and basis texts print as marked blanks, never as if they were real.
  const s = printableSettings(report.settings, t);
  const { scope } = report;
  const month = monthLabel(scope.month, lang);
  const today = DateTime.fromISO(report.today).setLocale(localeOf(lang)).toFormat('d LLLL yyyy');
  const generated = DateTime.fromISO(report.generatedAt).setZone(report.zone).setLocale(localeOf(lang));
  return {
    pemda: s.pemda_name.toUpperCase(),
    agency: s.agency_name.toUpperCase(),
    address: s.agency_address,
    title: t('reports.document_title'),
    monthLabel: month,
    period: t('reports.period_line', { month }),
    unit: t('reports.unit_line', { unit: scope.opd ? `${scope.opd.name} (${scope.opd.code})` : t('reports.all_units') }),
    category: scope.category ? t('reports.category_line', { category: t(`reports.categories.${scope.category}`) }) : null,
    rateNote: t('compliance.rate_formula', { present: presentWords(t, s.virtual_counts) }),
    tppNote: t('reports.tpp_note', { rates: tppRates(t, s), basis: s.tpp_legal_basis }),
    rulesNote: t('reports.rules_note', {
      amber: Math.round(s.rate_amber * 1000) / 10,
      red: Math.round(s.rate_red * 1000) / 10,
      virtual: t(s.virtual_counts ? 'reports.virtual_counts' : 'reports.virtual_not_counted'),
      policy: t(`reports.holiday_policy.${s.holiday_policy}`),
      deadline: t('reports.deadline_rule', { days: s.deadline_days_after, time: s.deadline_time }),
    }),
    legend: STATUS_ORDER.map((c) => `${c} = ${statusLabel(t, c)}`).join(', '),
    generated: t('reports.generated', { at: generated.toFormat('d LLL yyyy HH.mm') }),
    signature: {
      placeDate: `${s.signer_place}, ${today}`,
      acknowledged: t('reports.signature.acknowledged'),
      title: s.signer_title,
      name: s.signer_name,
      rank: s.signer_rank,
      nip: `NIP ${formatNip(s.signer_nip)}`,
    },
  };
}

export function stepLabel(t: Translate, step: string | null): string {
  return step ? t(`reports.steps.${step}`) : '';
}

export function summaryHeaders(t: Translate): string[] {
  return [
    t('reports.col.no'),
    t('reports.col.code'),
    t('reports.col.unit'),
    t('reports.col.expected'),
    t('reports.col.on_time'),
    t('reports.col.late'),
    t('reports.col.not_logged'),
    t('reports.col.not_held'),
    t('reports.col.compliance'),
    t('reports.col.unit_rate'),
    ...STATUS_ORDER,
  ];
}

export function summaryCells(u: UnitSummary, index: number | null, t: Translate): Cell[] {
  return [
    index,
    u.opd?.code ?? '',
    u.opd?.name ?? t('reports.total'),
    u.expected,
    u.onTime,
    u.late,
    u.notLogged,
    u.notHeld,
    u.compliance,
    u.rate,
    ...STATUS_ORDER.map((c) => u.counts[c]),
  ];
}

/** `withUnit`: the whole-Pemda list names the unit(s); a unit's own sheet does not need to. */
export function employeeHeaders(t: Translate, withUnit: boolean): string[] {
  return [
    t('reports.col.no'),
    t('reports.col.nip'),
    t('reports.col.name'),
    t('reports.col.position'),
    t('reports.col.rank'),
    t('reports.col.category'),
    ...(withUnit ? [t('reports.col.unit')] : []),
    ...STATUS_ORDER,
    t('reports.col.sessions'),
    t('reports.col.rate'),
    t('reports.col.tpp'),
    t('reports.col.year_tk'),
    t('reports.col.step'),
  ];
}

export function employeeCells(r: EmployeeReportRow, index: number, t: Translate, withUnit: boolean): Cell[] {
  return [
    index,
    r.nip,
    r.name,
    r.position ?? '',
    r.rank ?? '',
    t(`reports.categories.${r.category}`),
    ...(withUnit ? [unitsLabel(r.units)] : []),
    ...STATUS_ORDER.map((c) => r.counts[c]),
    r.sessions,
    r.rate,
    r.tppPercent == null ? t('reports.tpp_not_applicable') : r.tppPercent / 100,
    r.yearTk,
    stepLabel(t, r.openStep),
  ];
}

/**
 * The summary's total in the employee columns, for the CSV's last record: its counts and the
 * attendance rate are the report's totals (every unit, every category), the numbers the
 * preview, the XLSX, the PDF and the dashboard print.
 */
export function summaryTotalCells(u: UnitSummary, t: Translate): Cell[] {
  return [null, '', t('reports.summary_total'), '', '', '', '', ...STATUS_ORDER.map((c) => u.counts[c]), null, u.rate, null, null, ''];
}

export function downloadName(report: MonthlyReport, ext: string): string {
  const unit = report.scope.opd ? `-${report.scope.opd.code.toLowerCase().replace(/[^a-z0-9-]/g, '')}` : '';
  return `rekap-apel-${report.scope.month}${unit}.${ext}`;
}
