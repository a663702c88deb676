import type { Config, Language } from '../../config';
import type { Db } from '../../db/connect';
import { NotFoundError } from '../../http/errors';
import type { CurrentUser } from '../../http/types';
import { translator, type Translate } from '../../i18n/t';
import { readPage } from '../../lib/paging';
import { renderHtml, renderText, type EmailContent } from '../email/email.render';
import { queueEmails } from '../email/outbox.service';
import type { NewOutboxEmail } from '../email/outbox.repository';
import { findNotification, findNotificationsPage, insertNotifications, updateReadAt, type NewNotification } from './notifications.repository';

export interface Recipient {
  id: number;
  email: string | null;
  language: string | null;
}

/** What one recipient receives, written in their language. `link` is an app path. */
export interface Notice {
  kind: string;
  title: string;
  body: string;
  link: string;
  email: EmailContent;
}

export interface NotifyResult {
  notifications: number;
  emails: number;
}

function languageOf(r: Recipient, config: Config): Language {
  return r.language === 'en' || r.language === 'id' ? r.language : config.defaultLanguage;
}

/** The same notice for a group of people (one OPD's users, or all of hr and sekda). */
export interface Delivery {
  recipients: Recipient[];
  build: (t: Translate, lang: Language) => Notice;
}

/**
 * Delivers notices: always in the app, and by email when SMTP is configured and the user has an
 * address. Everything is written in one transaction, so a job that fails halfway leaves neither
 * a notice without its email nor half the units notified (a retry would then notify them twice).
 */
export async function notify(db: Db, config: Config, deliveries: Delivery[]): Promise<NotifyResult> {
  const notices: NewNotification[] = [];
  const emails: NewOutboxEmail[] = [];
  for (const { recipients, build } of deliveries) {
    const cache = new Map<Language, Notice>();
    for (const r of recipients) {
      const lang = languageOf(r, config);
      let notice = cache.get(lang);
      if (!notice) cache.set(lang, (notice = build(translator(lang), lang)));
      notices.push({ user_id: r.id, kind: notice.kind, title: notice.title, body: notice.body, link: notice.link });
      if (r.email) {
        emails.push({ to_address: r.email, subject: notice.title, text_body: renderText(notice.email), html_body: renderHtml(notice.email) });
      }
    }
  }
  if (notices.length === 0) return { notifications: 0, emails: 0 };
  const queued = await db.transaction().execute(async (trx) => {
    await insertNotifications(trx, notices);
    return queueEmails(trx, config.smtpUrl, emails);
  });
  return { notifications: notices.length, emails: queued };
}

const PAGE_SIZE = 20;

/** One page of the user's notices, newest first; a page past the last shows the last. */
export function listNotifications(db: Db, user: CurrentUser, requested: number) {
  return readPage(requested, PAGE_SIZE, (at) => findNotificationsPage(db, user.id, at.page, at.size));
}

/** Marks one of the user's own notices read; someone else's is a 404 like any unknown id. */
export async function markRead(db: Db, user: CurrentUser, id: number): Promise<string | null> {
  const n = await findNotification(db, id);
  if (!n || n.user_id !== user.id) throw new NotFoundError();
  await updateReadAt(db, user.id, [id]);
  return n.link;
}

export async function markAllRead(db: Db, user: CurrentUser): Promise<number> {
  return updateReadAt(db, user.id, 'all');
}
