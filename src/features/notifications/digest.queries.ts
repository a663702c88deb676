import type { Db } from '../../db/connect';
import type { Recipient } from './notifications.service';

export interface TkRow {
  nip: string;
  name: string;
  opd_code: string;
}

/** Names of people marked TK in a submitted session of the pledge date (new or grown flags). */
export async function findTkNames(db: Db, pledgeDate: string, limit: number): Promise<TkRow[]> {
  return db
    .selectFrom('attendance as a')
    .innerJoin('sessions as s', 's.id', 'a.session_id')
    .innerJoin('employees as e', 'e.id', 'a.employee_id')
    .innerJoin('opds as o', 'o.id', 'a.opd_id')
    .select(['e.nip', 'e.name', 'o.code as opd_code'])
    .where('a.pledge_date', '=', pledgeDate)
    .where('a.status', '=', 'TK')
    .where('s.state', '=', 'submitted')
    .orderBy('o.code')
    .orderBy('e.name')
    .limit(limit)
    .execute();
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
