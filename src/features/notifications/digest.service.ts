import type { Language } from '../../config';
import type { Translate } from '../../i18n/t';
import { complianceSummary } from '../compliance/compliance.service';
import type { UnitFlagCode } from '../compliance/rules';
import { deadline, digestPledgeDate } from '../scheduler/schedule';
import { recentCalendar } from '../scheduler/pledge-dates.queries';
import type { JobContext, JobResult } from '../scheduler/job-types';
import type { Settings } from '../settings/settings.defaults';
import { getSettings } from '../settings/settings.repository';
import type { Db } from '../../db/connect';
import type { EmailSection } from '../email/email.render';
import { findDigestRecipients, findTkNames, type TkRow } from './digest.queries';
import { absolute, dateText } from './notice-format';
import { notify, type Notice } from './notifications.service';

const LIST_LIMIT = 50;

export interface DigestUnit {
  code: string;
  name: string;
  rate: number | null;
}

/** The figures of one week's digest; the counts are the dashboard's (same rules, same rows). */
export interface DigestFigures {
  pledgeDate: string;
  units: number;
  notLogged: DigestUnit[];
  late: DigestUnit[];
  notHeld: DigestUnit[];
  lowAttendance: DigestUnit[];
  tk: { total: number; rows: TkRow[] };
}

/**
 * The week's figures from the dashboard's own summary (complianceSummary), so the digest and the
 * dashboard cannot disagree: the flags of each unit's cell for that pledge date, the headline's
 * TK count. Only the list of TK names is read here.
 */
export async function digestFigures(db: Db, settings: Settings, pledgeDate: string, timezone: string): Promise<DigestFigures> {
  const summary = await complianceSummary(db, settings, { period: 'week', date: pledgeDate, timezone });
  const cells = summary.opds.flatMap((o) => {
    const cell = o.trend.find((c) => c.pledgeDate === pledgeDate && c.kind !== 'inactive');
    return cell ? [{ unit: { code: o.code, name: o.name, rate: cell.rate }, flags: cell.flags.map((f) => f.code) }] : [];
  });
  const pick = (code: UnitFlagCode) => cells.filter((c) => c.flags.includes(code)).map((c) => c.unit).sort((a, b) => a.code.localeCompare(b.code));
  return {
    pledgeDate,
    units: cells.length,
    notLogged: pick('belum_lapor'),
    late: pick('terlambat_lapor'),
    notHeld: pick('tidak_dilaksanakan'),
    lowAttendance: pick('kehadiran_rendah'),
    tk: { total: summary.headline.tk, rows: await findTkNames(db, pledgeDate, LIST_LIMIT) },
  };
}

/** The weekly digest job: after the deadline, hr and sekda get the week's flags with links. */
export async function sendDigest(ctx: JobContext, plannedAt: string): Promise<JobResult> {
  const { db, config } = ctx;
  const settings = await getSettings(db);
  const zone = config.timezone;
  const { pledgeDates, calendar } = await recentCalendar(db, settings, zone, plannedAt);
  const date = digestPledgeDate(pledgeDates, calendar, plannedAt);
  if (!date) return { outcome: 'skipped', detail: [{ key: 'jobs.details.no_deadline_passed' }] };
  const figures = await digestFigures(db, settings, date, zone);
  const recipients = await findDigestRecipients(db);
  const sent = await notify(db, config, [
    { recipients, build: (t, lang) => digestNotice(t, lang, figures, { zone, publicUrl: config.publicUrl, deadline: deadline(date, calendar) }) },
  ]);
  const counts = { notLogged: figures.notLogged.length, late: figures.late.length, notHeld: figures.notHeld.length, low: figures.lowAttendance.length, tk: figures.tk.total };
  return { outcome: 'ok', detail: [{ key: 'jobs.details.digest', vars: { date, ...counts, notices: sent.notifications, emails: sent.emails } }] };
}

interface DigestContext {
  zone: string;
  publicUrl: string;
  deadline: string;
}

export function digestNotice(t: Translate, lang: Language, f: DigestFigures, c: DigestContext): Notice {
  const vars = {
    date: dateText(f.pledgeDate, 'long', lang, c.zone),
    units: f.units,
    not_logged: f.notLogged.length,
    late: f.late.length,
    not_held: f.notHeld.length,
    low: f.lowAttendance.length,
    tk: f.tk.total,
  };
  const link = `/dashboard?period=week&date=${f.pledgeDate}`;
  const unitLink = (u: DigestUnit) => ({ text: `${u.code} · ${u.name}`, url: absolute(c.publicUrl, `/opd/${u.code}/sessions/${f.pledgeDate}`) });
  const lowLink = (u: DigestUnit) => ({ ...unitLink(u), text: `${u.code} · ${u.name} (${u.rate == null ? '–' : `${Math.round(u.rate * 1000) / 10}%`})` });
  const sections: EmailSection[] = [
    { title: t('notifications.digest.not_logged'), items: f.notLogged.map(unitLink) },
    { title: t('notifications.digest.late'), items: f.late.map(unitLink) },
    { title: t('notifications.digest.not_held'), items: f.notHeld.map(unitLink) },
    { title: t('notifications.digest.low'), items: f.lowAttendance.map(lowLink) },
    {
      title: t('notifications.digest.tk', { n: f.tk.total }),
      items: [
        ...f.tk.rows.map((r) => ({ text: `${r.name} (${r.nip}) · ${r.opd_code}`, url: absolute(c.publicUrl, `/employees/${r.nip}`) })),
        ...(f.tk.total > f.tk.rows.length ? [{ text: t('notifications.digest.more', { n: f.tk.total - f.tk.rows.length }), url: absolute(c.publicUrl, '/flags') }] : []),
      ],
    },
  ].filter((s) => s.items.length > 0);
  const title = t('notifications.digest.title', vars);
  const body = t('notifications.digest.body', vars);
  return {
    kind: 'digest',
    title,
    body,
    link,
    email: {
      heading: title,
      paragraphs: [body, t('notifications.digest.deadline', { deadline: dateText(c.deadline, 'datetime', lang, c.zone) })],
      sections,
      action: { label: t('notifications.digest.action'), url: absolute(c.publicUrl, link) },
      footer: t('notifications.email_footer'),
    },
  };
}
