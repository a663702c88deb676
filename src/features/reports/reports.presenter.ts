import type { Request } from 'express';
import { CATEGORIES, type OpdPeriod } from '../../db/database';
import type { FieldErrors } from '../../http/errors';
import { translateErrors } from '../../http/validate';
import { isNarrowed, unitScope } from '../../policy';
import { unitsLabel } from './employee-rows';
import { reportTexts, STATUS_ORDER, stepLabel } from './export-texts';
import type { UnitSummary } from './monthly-summary';
import type { EmployeePage, MonthlyReport } from './reports.service';

/** The filters as they travel in links: month, unit and category. */
interface Filters {
  month?: string;
  opd?: string;
  category?: string;
}

export function reportHref(f: Filters, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  return `/reports/monthly?${params.toString()}`;
}

function filterForm(req: Request, f: Filters, opds: OpdPeriod[] | null) {
  return {
    form: f,
    canChooseUnit: !isNarrowed(unitScope(req.user!, 'reports.read')),
    opdOptions: (opds ?? []).map((o) => ({ value: o.code, label: `${o.name} (${o.code})`, selected: o.code === f.opd })),
    categoryOptions: CATEGORIES.map((c) => ({ value: c, label: req.t(`reports.categories.${c}`), selected: c === f.category })),
  };
}

function unitView(u: UnitSummary, f: Filters, canChooseUnit: boolean) {
  return {
    code: u.opd?.code,
    name: u.opd?.name,
    href: u.opd && canChooseUnit ? reportHref({ ...f, opd: u.opd.code }) : null,
    expected: u.expected,
    onTime: u.onTime,
    late: u.late,
    notLogged: u.notLogged,
    pending: u.pending,
    notHeld: u.notHeld,
    compliance: u.compliance,
    rate: u.rate,
    counts: STATUS_ORDER.map((c) => u.counts[c]),
  };
}

export function presentMonthly(report: MonthlyReport, page: EmployeePage, req: Request) {
  const { scope } = report;
  const f: Filters = { month: scope.month, opd: scope.opd?.code, category: scope.category ?? undefined };
  const texts = reportTexts(report, req.t, req.lang);
  const base = filterForm(req, f, [...report.opds.values()].sort((a, b) => a.name.localeCompare(b.name)));
  return {
    title: `${req.t('reports.title')} · ${texts.monthLabel}`,
    ...base,
    texts,
    statuses: STATUS_ORDER,
    downloads: (['xlsx', 'csv', 'pdf'] as const).map((format) => ({ label: format.toUpperCase(), href: reportHref(f, { format }) })),
    allUnitsHref: base.canChooseUnit && scope.opd ? reportHref({ ...f, opd: undefined }) : null,
    units: report.units.map((u) => unitView(u, f, base.canChooseUnit)),
    events: report.monthEvents.map((e) => ({ ...e, kindLabel: req.t(`events.kinds.${e.kind}`) })),
    totals: unitView(report.totals, f, false),
    showTotals: report.units.length > 1,
    employees: page.rows.map((r) => ({
      nip: r.nip,
      name: r.name,
      position: r.position,
      rank: r.rank,
      category: req.t(`reports.categories.${r.category}`),
      units: unitsLabel(r.units),
      counts: STATUS_ORDER.map((c) => r.counts[c]),
      sessions: r.sessions,
      rate: r.rate,
      tpp: r.tppPercent == null ? null : r.tppPercent / 100,
      tppNotApplicable: r.tppPercent == null,
      yearTk: r.yearTk,
      step: stepLabel(req.t, r.openStep),
    })),
    prevHref: page.before ? reportHref(f, { before: page.before }) : null,
    nextHref: page.after ? reportHref(f, { after: page.after }) : null,
    firstHref: page.before ? reportHref(f) : null,
  };
}

/** The filter form alone, re-rendered with the user's input and a message per field (422). */
export function presentInvalid(req: Request, input: Record<string, unknown>, errors: FieldErrors, opds: OpdPeriod[]) {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const f: Filters = { month: text(input.month), opd: text(input.opd), category: text(input.category) };
  return {
    title: req.t('reports.title'),
    ...filterForm(req, f, opds),
    invalid: true,
    errors: translateErrors(req.t, errors),
  };
}
