import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/connect';
import { NotFoundError } from '../../http/errors';
import type { CurrentUser } from '../../http/types';
import { statusLabel } from '../../i18n/status-label';
import type { Translate } from '../../i18n/t';
import { localToday } from '../../lib/calendar';
import { unitScope } from '../../policy';
import { employeeHistory } from '../compliance/employee-history';
import { getSettings } from '../settings/settings.repository';
import { neutralise } from './export-csv';
import { findEmployeeByNip } from '../employees/employees.repository';
import { wasAssignedTo } from './reports.queries';

/**
 * An employee's pledge dates of one year as CSV (the employee page's history). An opd user gets
 * it only for someone of its unit in that year or today; anyone else's NIP is a 404.
 */
export async function employeeHistoryCsv(
  db: Db,
  user: CurrentUser,
  nip: string,
  year: number | undefined,
  zone: string,
  t: Translate,
): Promise<{ filename: string; body: string }> {
  const employee = await findEmployeeByNip(db, nip.replace(/[\s.]/g, ''));
  if (!employee) throw new NotFoundError();
  const today = localToday(zone);
  const y = year ?? Number(today.slice(0, 4));
  const units = unitScope(user, 'reports.read');
  if (units.kind === 'units') {
    let mine = false;
    for (const opdId of units.ids) {
      mine ||= (await wasAssignedTo(db, employee.id, opdId, `${y}-01-01`, `${y}-12-31`)) || (await wasAssignedTo(db, employee.id, opdId, today, today));
    }
    if (!mine) throw new NotFoundError();
  }
  const settings = await getSettings(db);
  const history = await employeeHistory(db, employee.id, y, { settings, timezone: zone });
  // Oldest first; a date without a roll-call row (not logged yet) has no status. The status in
  // words already names the kind of cuti; the cuti column stays for sheets that filter on it.
  const rows = [...history.rows].reverse().map((r) => [
    r.pledge_date,
    r.opd_code,
    r.opd_name,
    r.status ?? '',
    r.status ? statusLabel(t, r.status, r.cuti_type) : '',
    r.cuti_type ? statusLabel(t, 'C', r.cuti_type) : '',
    r.note ?? '',
    t(`reports.session_state.${r.session_state ?? 'none'}`),
  ]);
  const header = ['date', 'unit_code', 'unit', 'status', 'status_label', 'cuti', 'note', 'session'].map((k) => t(`reports.history.${k}`));
  const body = stringify([header, ...rows].map((r) => r.map((v) => neutralise(v ?? ''))), {
    delimiter: settings.csv_separator === ',' ? ',' : ';',
    bom: true,
    record_delimiter: 'windows',
  });
  return { filename: `riwayat-apel-${employee.nip}-${y}.csv`, body };
}
