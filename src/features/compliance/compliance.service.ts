import type { Db } from '../../db/connect';
import { addDays, localToday, mondayOf } from '../../lib/calendar';
import { nowIso } from '../../lib/clock';
import { loadHolidayMap } from '../holidays/holidays.service';
import type { Settings } from '../settings/settings.defaults';
import { countOpenFlags, findOpdsBetween, findSessionRows } from './compliance.queries';
import { resolvePeriod, TREND_WEEKS, type PeriodKind } from './period';
import { buildSummary, type ComplianceSummary } from './summary';

export type { ComplianceSummary } from './summary';

export interface SummaryOptions {
  period: PeriodKind;
  /** Any date inside the period ('YYYY-MM-DD'); a future date means today. */
  date: string;
  /** The instance timezone (config.timezone): "today" and deadlines are computed in it. */
  timezone: string;
  /** One unit only (its row, headline and belum-lapor entry). */
  opdId?: number;
}

/**
 * DESIGN §5-§6: the compliance figures of a period, for the whole Pemda or one OPD. Reads the
 * session rollup, the open-flag index, the OPD list and the holidays: four small queries, so
 * the dashboard stays fast at province scale. Thresholds and rules are the settings given,
 * applied to every week alike; `settingsUsed` says which ones.
 */
export async function complianceSummary(db: Db, settings: Settings, opts: SummaryOptions): Promise<ComplianceSummary> {
  const today = localToday(opts.timezone);
  const period = resolvePeriod(opts.period, opts.date, today);
  const end = period.to < today ? period.to : today;
  const trendFrom = addDays(mondayOf(end), -7 * (TREND_WEEKS - 1));
  const from = period.previous.from < trendFrom ? period.previous.from : trendFrom;
  // Deadlines count working days after the pledge date, so the holiday map reaches past the end.
  const holidays = await loadHolidayMap(db, from, addDays(period.to, 21));
  const range = { from, to: addDays(period.to, 6) };
  const opds = await findOpdsBetween(db, range, opts.opdId);
  const sessions = await findSessionRows(db, range, opts.opdId);
  const openFlags = await countOpenFlags(db, period.year, opts.opdId);
  const previousOpenFlags = period.previous.year !== period.year ? await countOpenFlags(db, period.previous.year, opts.opdId) : null;
  return buildSummary({
    period,
    today,
    now: nowIso(),
    zone: opts.timezone,
    settings,
    holidays,
    opds,
    sessions,
    openFlags,
    previousOpenFlags,
  });
}
