import { DateTime } from 'luxon';
import type { Db } from '../../db/connect';
import type { AppDeps } from '../../http/types';
import { nowIso } from '../../lib/clock';
import { sendMail } from './mailer';
import { claimEmail, findDueEmails, insertEmails, markEmailAttemptFailed, markEmailSent, type NewOutboxEmail } from './outbox.repository';

/** Minutes to wait after the 1st, 2nd, … failed attempt; after the last one the email is given up. */
export const RETRY_MINUTES = [1, 5, 15, 60, 240];
const LEASE_MINUTES = 10;
const BATCH = 100;
/** nodemailer's codes for "could not talk to the server at all" (as opposed to a refused message). */
const SERVER_DOWN = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED']);

/** Queues emails when SMTP is configured; without SMTP_URL the in-app notice is the only channel. */
export async function queueEmails(db: Db, smtpUrl: string | undefined, emails: NewOutboxEmail[]): Promise<number> {
  if (!smtpUrl) return 0;
  await insertEmails(db, emails);
  return emails.length;
}

export interface DeliveryReport {
  sent: number;
  failed: number;
}

/**
 * Sends the emails that are due. Each is claimed first, so two instances never send the same
 * one; a failure is written to the row (last_error, attempts) and retried with backoff. Nothing
 * here throws for a mail problem: a dead SMTP server must not break the job that queued mail.
 */
export async function deliverDueEmails(deps: Pick<AppDeps, 'db' | 'config' | 'logger'>): Promise<DeliveryReport> {
  const { db, config, logger } = deps;
  const report: DeliveryReport = { sent: 0, failed: 0 };
  if (!config.smtpUrl) return report;
  const due = await findDueEmails(db, nowIso(), BATCH);
  for (const email of due) {
    const lease = DateTime.utc().plus({ minutes: LEASE_MINUTES }).toISO()!;
    if (!(await claimEmail(db, email, lease))) continue;
    try {
      await sendMail(config.smtpUrl, { from: config.smtpFrom, to: email.to_address, subject: email.subject, text: email.text_body, html: email.html_body });
      await markEmailSent(db, email.id);
      report.sent++;
    } catch (err) {
      const attempt = email.attempts + 1;
      const wait = RETRY_MINUTES[attempt - 1];
      const retryAt = wait === undefined ? null : DateTime.utc().plus({ minutes: wait }).toISO()!;
      const message = err instanceof Error ? err.message : String(err);
      await markEmailAttemptFailed(db, email.id, message.slice(0, 500), retryAt);
      logger.warn({ emailId: email.id, attempt, err: message }, retryAt ? 'email failed, will retry' : 'email failed, giving up');
      report.failed++;
      // The server is unreachable: the rest of the batch would only wait out the same timeout.
      if (SERVER_DOWN.has((err as { code?: string }).code ?? '')) break;
    }
  }
  return report;
}
