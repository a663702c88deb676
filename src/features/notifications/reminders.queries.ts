import type { Db } from '../../db/connect';

export interface ReminderRecipientRow {
  user_id: number;
  email: string | null;
  language: string | null;
  opd_id: number;
  opd_code: string;
  opd_name: string;
}

/**
 * Active opd users of the units active on `pledgeDate` whose session for it is not submitted
 * (nothing saved, or only a draft). One query: users → their OPD → that date's session, if any.
 */
export async function findUnsubmittedUnitUsers(db: Db, pledgeDate: string): Promise<ReminderRecipientRow[]> {
  return db
    .selectFrom('users as u')
    .innerJoin('opds as o', 'o.id', 'u.opd_id')
    .leftJoin('sessions as s', (j) => j.onRef('s.opd_id', '=', 'o.id').on('s.pledge_date', '=', pledgeDate))
    .select(['u.id as user_id', 'u.email', 'u.language', 'o.id as opd_id', 'o.code as opd_code', 'o.name as opd_name'])
    .where('u.role', '=', 'opd')
    .where('u.active', '=', 1)
    .where('o.active_from', '<=', pledgeDate)
    .where((eb) => eb.or([eb('o.active_to', 'is', null), eb('o.active_to', '>=', pledgeDate)]))
    .where((eb) => eb.or([eb('s.id', 'is', null), eb('s.state', '!=', 'submitted')]))
    .orderBy('o.code')
    .orderBy('u.id')
    .execute();
}
