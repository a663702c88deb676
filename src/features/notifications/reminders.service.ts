import type { Language } from '../../config';
import type { Translate } from '../../i18n/t';
import { deadline, openPledgeDates } from '../scheduler/schedule';
import { recentCalendar } from '../scheduler/pledge-dates.queries';
import { getSettings } from '../settings/settings.repository';
import type { JobContext, JobMessage, JobResult } from '../scheduler/job-types';
import { absolute, dateText } from './notice-format';
import { notify, type Delivery, type Notice } from './notifications.service';
import { findUnsubmittedUnitUsers, type ReminderRecipientRow } from './reminders.queries';

/**
 * The reminder job: every active opd user of a unit whose session is still open and not
 * submitted gets a notice (and an email). Sessions already submitted, or whose deadline has
 * passed (the digest reports those), are left alone.
 */
export async function sendReminders(ctx: JobContext, plannedAt: string): Promise<JobResult> {
  const { db, config } = ctx;
  const settings = await getSettings(db);
  const zone = config.timezone;
  const { pledgeDates, calendar } = await recentCalendar(db, settings, zone, plannedAt);
  const dates = openPledgeDates(pledgeDates, calendar, plannedAt);
  if (dates.length === 0) return { outcome: 'skipped', detail: [{ key: 'jobs.details.no_open_session' }] };
  const parts: JobMessage[] = [];
  for (const date of dates) {
    const rows = await findUnsubmittedUnitUsers(db, date);
    const due = deadline(date, calendar);
    const deliveries = [...groupByOpd(rows).values()].map((users): Delivery => ({
      recipients: users.map((u) => ({ id: u.user_id, email: u.email, language: u.language })),
      build: (t, lang) => reminderNotice(t, lang, { ...users[0], date, deadline: due, zone, publicUrl: config.publicUrl }),
    }));
    const sent = await notify(db, config, deliveries);
    parts.push({ key: 'jobs.details.reminded', vars: { date, opds: deliveries.length, notices: sent.notifications, emails: sent.emails } });
  }
  return { outcome: 'ok', detail: parts };
}

function groupByOpd(rows: ReminderRecipientRow[]): Map<number, ReminderRecipientRow[]> {
  const out = new Map<number, ReminderRecipientRow[]>();
  for (const r of rows) out.set(r.opd_id, [...(out.get(r.opd_id) ?? []), r]);
  return out;
}

interface ReminderFacts {
  opd_code: string;
  opd_name: string;
  date: string;
  deadline: string;
  zone: string;
  publicUrl: string;
}

export function reminderNotice(t: Translate, lang: Language, f: ReminderFacts): Notice {
  const vars = {
    opd: f.opd_name,
    date: dateText(f.date, 'long', lang, f.zone),
    deadline: dateText(f.deadline, 'datetime', lang, f.zone),
  };
  const link = `/opd/${f.opd_code}/sessions/${f.date}`;
  const title = t('notifications.reminder.title', vars);
  const body = t('notifications.reminder.body', vars);
  return {
    kind: 'reminder',
    title,
    body,
    link,
    email: {
      heading: title,
      paragraphs: [body, t('notifications.reminder.late_note')],
      action: { label: t('notifications.reminder.action'), url: absolute(f.publicUrl, link) },
      footer: t('notifications.email_footer'),
    },
  };
}
