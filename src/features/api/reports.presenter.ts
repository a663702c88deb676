import type { ComplianceSummary } from '../compliance/compliance.service';
import type { Figures } from '../compliance/weeks';
import type { EmployeeReportRow } from '../reports/employee-rows';
import type { UnitSummary } from '../reports/monthly-summary';
import type { EmployeePage, MonthlyReport } from '../reports/reports.service';

/* The dashboard's summary and the monthly report as API JSON (see openapi.ts for the shapes). */

function figures(f: Figures) {
  return {
    expected_weeks: f.expectedWeeks,
    submitted: f.submitted,
    on_time: f.onTime,
    late: f.late,
    flagged_weeks: f.flaggedWeeks,
    overdue: f.overdue,
    compliance: f.compliance,
    mean_session_rate: f.meanRate,
    rate: f.rate,
    tk: f.tk,
    present: f.present,
    verified: f.verified,
    verified_share: f.verifiedShare,
  };
}

export function presentCompliance(s: ComplianceSummary) {
  const inPeriod = (d: string | null) => d !== null && d >= s.period.from && d <= s.period.to && s.pledgeDates.includes(d);
  return {
    period: { kind: s.period.kind, from: s.period.from, to: s.period.to },
    pledge_dates: s.pledgeDates,
    reference_date: s.reference,
    generated_at: s.generatedAt,
    thresholds: { rate_amber: s.settingsUsed.rate_amber, rate_red: s.settingsUsed.rate_red },
    headline: {
      expected_weeks: s.headline.expected,
      on_time: s.headline.onTime,
      on_time_share: s.headline.onTimeShare,
      rate: s.headline.rate,
      tk: s.headline.tk,
      open_flags: s.headline.openFlags,
      overdue: s.headline.overdue,
      compliance: s.headline.compliance,
      verified_share: s.headline.verifiedShare,
    },
    opds: s.opds.map((o) => ({
      code: o.code,
      name: o.name,
      ...figures(o.figures),
      open_flags: o.openFlags,
      weeks: o.trend
        .filter((c) => inPeriod(c.pledgeDate) && c.kind !== 'inactive')
        .map((c) => ({ pledge_date: c.pledgeDate!, state: c.state, rate: c.rate, flags: c.flags.map((f) => ({ code: f.code, level: f.level })) })),
    })),
    belum_lapor: s.belumLapor.map((b) => ({
      code: b.opd.code,
      name: b.opd.name,
      pledge_date: b.pledgeDate,
      state: b.state,
      missing_weeks: b.missingWeeks,
      since: b.since,
      overdue_hours: b.overdueMs == null ? null : Math.floor(b.overdueMs / 3_600_000),
    })),
  };
}

function unit(u: UnitSummary) {
  return {
    opd: u.opd ? { code: u.opd.code, name: u.opd.name } : null,
    expected_weeks: u.expected,
    on_time: u.onTime,
    late: u.late,
    not_logged: u.notLogged,
    pending: u.pending,
    not_held: u.notHeld,
    flagged_weeks: u.flaggedWeeks,
    compliance: u.compliance,
    rate: u.rate,
    mean_session_rate: u.meanRate,
    tk: u.tk,
    counts: u.counts,
  };
}

function employeeRow(r: EmployeeReportRow) {
  return {
    nip: r.nip,
    name: r.name,
    position: r.position,
    rank: r.rank,
    category: r.category,
    units: r.units.map((s) => ({ code: s.code, name: s.name, dates: s.dates })),
    counts: r.counts,
    sessions: r.sessions,
    rate: r.rate,
    tk: r.tk,
    tpp_deduction_percent: r.tppPercent,
    year_tk: r.yearTk,
    streak: r.streak,
    open_step: r.openStep,
  };
}

export function presentMonthly(report: MonthlyReport, page: EmployeePage) {
  const { scope, settings } = report;
  return {
    month: scope.month,
    from: scope.from,
    to: scope.to,
    opd: scope.opd ? { code: scope.opd.code, name: scope.opd.name } : null,
    category: scope.category,
    generated_at: report.generatedAt,
    pledge_dates: report.dates,
    // percent_per_tk (the PNS rate) stays for integrations written before rates per category.
    tpp: { percent_per_tk: settings.tpp_percent_by_category.PNS, percent_by_category: settings.tpp_percent_by_category, legal_basis: settings.tpp_legal_basis },
    units: report.units.map(unit),
    totals: unit(report.totals),
    employees: { data: page.rows.map(employeeRow), next_after: page.after },
  };
}
