import type { Db } from '../../db/connect';
import type { UnitScope } from '../../policy';

/*
 * The TK rows of a date range: each Monday someone was marked tanpa keterangan in a submitted
 * roll-call. This is what the dashboard's TK figure counts, so its link lands on exactly these.
 */
export interface TkFilter {
  from: string;
  to: string;
  /** The units of the sessions (where the person was expected that day). */
  units: UnitScope;
}

function filtered(db: Db, f: TkFilter) {
  let q = db
    .selectFrom('attendance as a')
    .innerJoin('sessions as x', 'x.id', 'a.session_id')
    .innerJoin('employees as e', 'e.id', 'a.employee_id')
    .innerJoin('opds as o', 'o.id', 'a.opd_id')
    .where('a.status', '=', 'TK')
    .where('x.state', '=', 'submitted')
    .where('x.counted', '=', 1)
    .where('a.pledge_date', '>=', f.from)
    .where('a.pledge_date', '<=', f.to);
  if (f.units.kind === 'units') q = q.where('a.opd_id', 'in', f.units.ids);
  return q;
}

export interface TkRow {
  pledge_date: string;
  nip: string;
  name: string;
  opd_code: string;
  opd_name: string;
}

export async function listTkRows(db: Db, f: TkFilter, page: number, size: number): Promise<{ rows: TkRow[]; total: number }> {
  if (f.units.kind === 'units' && f.units.ids.length === 0) return { rows: [], total: 0 };
  const count = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await filtered(db, f)
    .select(['a.pledge_date', 'e.nip', 'e.name', 'o.code as opd_code', 'o.name as opd_name'])
    .orderBy('a.pledge_date', 'desc')
    .orderBy('o.code')
    .orderBy('e.name')
    .orderBy('e.id')
    .limit(size)
    .offset((page - 1) * size)
    .execute();
  return { rows, total: Number(count?.n ?? 0) };
}
