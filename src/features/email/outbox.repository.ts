import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/connect';
import type { EmailOutboxTable } from '../../db/database';
import { nowIso } from '../../lib/clock';

export type OutboxEmail = Selectable<EmailOutboxTable>;
export type NewOutboxEmail = Pick<Insertable<EmailOutboxTable>, 'to_address' | 'subject' | 'text_body' | 'html_body'>;

/** One multi-row insert; call it in the same transaction as the notices it mirrors. */
export async function insertEmails(db: Db, emails: NewOutboxEmail[]): Promise<void> {
  if (emails.length === 0) return;
  const now = nowIso();
  const rows = emails.map((e) => ({ ...e, status: 'pending' as const, attempts: 0, last_error: null, next_attempt_at: now, created_at: now, sent_at: null }));
  // Stay under SQLite's bound-parameter limit for very large recipient lists.
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('email_outbox').values(rows.slice(i, i + 500)).execute();
}

export async function findDueEmails(db: Db, atIso: string, limit: number): Promise<OutboxEmail[]> {
  return db
    .selectFrom('email_outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', atIso)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Takes a lease on one email: only the instance whose conditional update changes the row sends
 * it. The lease (a later next_attempt_at) also covers a crash mid-send: the email is retried
 * when the lease runs out.
 */
export async function claimEmail(db: Db, email: OutboxEmail, leaseUntilIso: string): Promise<boolean> {
  const res = await db
    .updateTable('email_outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntilIso }))
    .where('id', '=', email.id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', email.next_attempt_at)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function markEmailSent(db: Db, id: number): Promise<void> {
  await db.updateTable('email_outbox').set({ status: 'sent', sent_at: nowIso(), last_error: null }).where('id', '=', id).execute();
}

/** A failed attempt: retried at `retryAtIso`, or given up on (status failed) when that is null. */
export async function markEmailAttemptFailed(db: Db, id: number, error: string, retryAtIso: string | null): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set(retryAtIso ? { last_error: error, next_attempt_at: retryAtIso } : { last_error: error, status: 'failed' })
    .where('id', '=', id)
    .execute();
}
