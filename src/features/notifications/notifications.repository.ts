import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect';
import type { Notification, NotificationTable } from '../../db/database';
import { nowIso } from '../../lib/clock';

export type NewNotification = Omit<Insertable<NotificationTable>, 'id' | 'created_at' | 'read_at'>;

export async function insertNotifications(db: Db, rows: NewNotification[]): Promise<void> {
  const now = nowIso();
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('notifications')
      .values(rows.slice(i, i + 500).map((r) => ({ ...r, created_at: now, read_at: null })))
      .execute();
  }
}

/** Served by the (user_id, read_at) index; runs on every page for the bell. */
export async function countUnread(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findNotificationsPage(
  db: Db,
  userId: number,
  page: number,
  pageSize: number,
): Promise<{ rows: Notification[]; total: number }> {
  const rows = await db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const { n } = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

export async function findNotification(db: Db, id: number): Promise<Notification | undefined> {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateReadAt(db: Db, userId: number, ids: number[] | 'all'): Promise<number> {
  let q = db.updateTable('notifications').set({ read_at: nowIso() }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids !== 'all') q = q.where('id', 'in', ids);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}
