import type { Db } from '../../db/connect';
import type { Recipient } from './notifications.service';

export interface UnitWeekRow {
  opd_id: number;
  code: string;
  name: string;
  state: 'draft' | 'submitted' | null;
  late: number | null;
  held: number | null;
  reason_accepted: number | null;
  rate: number | null;
}

/** Every unit active on the pledge date with its session facts (null when nothing was saved). */
export async function findUnitWeek(db: Db, pledgeDate: string): Promise<UnitWeekRow[]> {
  return db
    .selectFrom('opds as o')
    .leftJoin('sessions as s', (j) => j.onRef('s.opd_id', '=', 'o.id').on('s.pledge_date', '=', pledgeDate))
    .select(['o.id as opd_id', 'o.code', 'o.name', 's.state', 's.late', 's.held', 's.reason_accepted', 's.rate'])
    .where('o.active_from', '<=', pledgeDate)
    .where((eb) => eb.or([eb('o.active_to', 'is', null), eb('o.active_to', '>=', pledgeDate)]))
    .orderBy('o.code')
    .execute();
}

export interface TkRow {
  nip: string;
  name: string;
  opd_code: string;
}

/** People marked TK in a submitted session of the pledge date: each is a new or grown flag. */
export async function findTkOfDate(db: Db, pledgeDate: string, limit: number): Promise<{ rows: TkRow[]; total: number }> {
  const base = db
    .selectFrom('attendance as a')
    .innerJoin('sessions as s', 's.id', 'a.session_id')
    .where('a.pledge_date', '=', pledgeDate)
    .where('a.status', '=', 'TK')
    .where('s.state', '=', 'submitted');
  const rows = await base
    .innerJoin('employees as e', 'e.id', 'a.employee_id')
    .innerJoin('opds as o', 'o.id', 'a.opd_id')
    .select(['e.nip', 'e.name', 'o.code as opd_code'])
    .orderBy('o.code')
    .orderBy('e.name')
    .limit(limit)
    .execute();
  const { n } = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}
/** The digest goes to every active hr and sekda account. */
export async function findDigestRecipients(db: Db): Promise<Recipient[]> {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'language'])
    .where('role', 'in', ['hr', 'sekda'])
    .where('active', '=', 1)
    .orderBy('id')
    .execute();
}
