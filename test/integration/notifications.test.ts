import { Settings } from 'luxon';
import pino from 'pino';
import request from 'supertest';
import { complianceSummary } from '../../src/features/compliance/compliance.service';
import { closeTransports } from '../../src/features/email/mailer';
import { deliverDueEmails, RETRY_MINUTES } from '../../src/features/email/outbox.service';
import { digestFigures } from '../../src/features/notifications/digest.service';
import { runJob } from '../../src/features/scheduler/jobs';
import { getSettings } from '../../src/features/settings/settings.repository';
import { signIn, useTestApp } from '../support/app';
import { makeEmployee, makeOpd, makeRollCall, makeSession, makeUser } from '../support/factories';
import { startSmtpCapture } from '../support/smtp-capture';

const MON_1000 = '2026-11-23T03:00:00.000Z';
const TUE_1300 = '2026-11-24T06:00:00.000Z';
const PUBLIC_URL = 'https://ikrar.contoh.go.id';
const setNow = (iso: string) => (Settings.now = () => Date.parse(iso));
const log = pino({ level: 'silent' });

describe('reminders, digest and email', () => {
  const env: Record<string, string> = { PUBLIC_URL };
  let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    env.SMTP_URL = smtp.url;
  });
  const ctx = useTestApp(env);
  const job = () => ({ db: ctx.db, config: ctx.config, logger: log });

  afterAll(async () => {
    Settings.now = () => Date.now();
    closeTransports();
    await smtp.close();
  });
  beforeEach(async () => {
    smtp.received.length = 0;
    smtp.state.failWith = 0;
    for (const t of ['job_runs', 'notifications', 'email_outbox'] as const) await ctx.db.deleteFrom(t).execute();
  });

  const outbox = () => ctx.db.selectFrom('email_outbox').selectAll().orderBy('id').execute();
  const noticesOf = (userId: number) => ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).execute();
  const withEmail = async (role: 'opd' | 'hr' | 'sekda' | 'admin', opdId: number | null, language: string | null = null) => {
    const u = await makeUser(ctx.db, { role, opdId });
    await ctx.db.updateTable('users').set({ email: `${u.username}@contoh.go.id`, language }).where('id', '=', u.id).execute();
    return { ...u, email: `${u.username}@contoh.go.id` };
  };

  describe('reminders', () => {
    it('reach exactly the active opd users of units that have not submitted, in the app and by email', async () => {
      setNow('2026-11-23T03:00:05Z');
      const none = await makeOpd(ctx.db);
      const draft = await makeOpd(ctx.db);
      const done = await makeOpd(ctx.db);
      const closed = await makeOpd(ctx.db, { active_to: '2026-11-01' });
      await makeSession(ctx.db, { opdId: draft.id, date: '2026-11-23', state: 'draft' });
      await makeSession(ctx.db, { opdId: done.id, date: '2026-11-23', state: 'submitted' });
      const a = await withEmail('opd', none.id, 'en');
      const aNoMail = await makeUser(ctx.db, { role: 'opd', opdId: none.id });
      const b = await withEmail('opd', draft.id);
      const c = await withEmail('opd', done.id);
      const inactive = await makeUser(ctx.db, { role: 'opd', opdId: none.id, active: 0 });
      const gone = await withEmail('opd', closed.id);
      const hr = await withEmail('hr', null);

      const run = await runJob(job(), 'reminder', MON_1000);
      expect(run?.outcome).toBe('ok');

      for (const u of [a, aNoMail, b]) expect(await noticesOf(u.id)).toHaveLength(1);
      for (const u of [c, inactive, gone, hr]) expect(await noticesOf(u.id)).toHaveLength(0);
      const [notice] = await noticesOf(b.id);
      expect(notice.title).toBe(`Pengingat: laporan apel ${draft.name} untuk Senin, 23 November 2026 belum dikirim`);
      expect(notice.link).toBe(`/opd/${draft.code}/sessions/2026-11-23`);
      expect(notice.body).toContain('Batas waktu pelaporan: 24 Nov 2026 12.00');

      expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([a.email, b.email].sort());
      const mail = smtp.received.find((m) => m.to[0] === a.email)!;
      expect(mail.subject).toBe(`Reminder: the apel report of ${none.name} for Monday, 23 November 2026 has not been sent`);
      expect(mail.parts.map((p) => p.type)).toEqual(['text/plain', 'text/html']);
      const link = `${PUBLIC_URL}/opd/${none.code}/sessions/2026-11-23`;
      expect(mail.parts[0].body).toContain(link);
      expect(mail.parts[1].body).toContain(`href="${link}"`);
      expect((await outbox()).map((e) => e.status)).toEqual(['sent', 'sent']);
    });
  });

  describe('email failures', () => {
    it('records a refused email, keeps the job ok, and sends it on a later attempt', async () => {
      setNow('2026-11-23T03:00:05Z');
      const opd = await makeOpd(ctx.db);
      const u = await withEmail('opd', opd.id);
      smtp.state.failWith = 451;
      const run = await runJob(job(), 'reminder', MON_1000);
      expect(run?.outcome).toBe('ok');
      const mine = (await outbox()).filter((e) => e.to_address === u.email);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ status: 'pending', attempts: 1 });
      expect(mine[0].last_error).toContain('451');
      expect(mine[0].next_attempt_at).toBe('2026-11-23T03:01:05.000Z');
      expect(await noticesOf(u.id)).toHaveLength(1);

      // Not due yet: nothing is tried again.
      smtp.state.failWith = 0;
      expect(await deliverDueEmails(job())).toEqual({ sent: 0, failed: 0 });
      setNow('2026-11-23T03:01:10Z');
      const report = await deliverDueEmails(job());
      expect(report.failed).toBe(0);
      expect(smtp.received.some((m) => m.to[0] === u.email)).toBe(true);
      const after = (await outbox()).find((e) => e.to_address === u.email)!;
      expect(after).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    });

    it('gives up after the last retry and marks the email failed', async () => {
      let now = Date.parse('2026-11-23T03:00:05Z');
      Settings.now = () => now;
      const opd = await makeOpd(ctx.db);
      const u = await withEmail('opd', opd.id);
      smtp.state.failWith = 550;
      await runJob(job(), 'reminder', MON_1000);
      for (const wait of RETRY_MINUTES) {
        now += wait * 60_000 + 1000;
        await deliverDueEmails(job());
      }
      const mine = (await outbox()).find((e) => e.to_address === u.email)!;
      expect(mine).toMatchObject({ status: 'failed', attempts: RETRY_MINUTES.length + 1 });
      expect(mine.last_error).toContain('550');
      now += 24 * 3600_000;
      expect((await deliverDueEmails(job())).failed).toBe(0);
    });

    it('survives an SMTP server that is not there, trying one email rather than the whole batch', async () => {
      setNow('2026-11-23T03:00:05Z');
      for (let i = 0; i < 2; i++) await withEmail('opd', (await makeOpd(ctx.db)).id);
      const down = { ...job(), config: { ...ctx.config, smtpUrl: 'smtp://127.0.0.1:1' } };
      const run = await runJob(down, 'reminder', MON_1000);
      expect(run?.outcome).toBe('ok');
      const rows = await outbox();
      expect(rows.length).toBeGreaterThan(1);
      expect(rows.every((e) => e.status === 'pending')).toBe(true);
      const tried = rows.filter((e) => e.attempts === 1);
      expect(tried).toHaveLength(1);
      expect(tried[0].last_error).toMatch(/ECONNREFUSED|connect/i);
    });

    it('queues no email without SMTP_URL; the in-app notice still arrives', async () => {
      setNow('2026-11-23T03:00:05Z');
      const opd = await makeOpd(ctx.db);
      const u = await withEmail('opd', opd.id);
      await runJob({ ...job(), config: { ...ctx.config, smtpUrl: undefined } }, 'reminder', MON_1000);
      expect(await outbox()).toEqual([]);
      expect(await noticesOf(u.id)).toHaveLength(1);
    });
  });

  describe('weekly digest', () => {
    it('goes to hr and sekda with the dashboard figures and links', async () => {
      setNow('2026-11-24T06:00:05Z');
      const silent = await makeOpd(ctx.db, { code: 'DIGSILENT' });
      const late = await makeOpd(ctx.db, { code: 'DIGLATE' });
      const low = await makeOpd(ctx.db, { code: 'DIGLOW' });
      const fine = await makeOpd(ctx.db, { code: 'DIGFINE' });
      await makeSession(ctx.db, { opdId: late.id, date: '2026-11-23', late: 1, counts: { expected: 10, compliant: 10 } });
      const lowSession = await makeSession(ctx.db, { opdId: low.id, date: '2026-11-23', counts: { expected: 10, compliant: 6, tk: 1 } });
      await makeSession(ctx.db, { opdId: fine.id, date: '2026-11-23', counts: { expected: 10, compliant: 10 } });
      const truant = await makeEmployee(ctx.db, { opdId: low.id, name: 'Budi Mangkir' });
      await makeRollCall(ctx.db, lowSession, [[truant.id, 'TK']]);
      const hr = await withEmail('hr', null);
      const sekda = await withEmail('sekda', null);
      const admin = await withEmail('admin', null);
      const opdUser = await withEmail('opd', silent.id);

      const run = await runJob(job(), 'digest', TUE_1300);
      expect(run?.outcome).toBe('ok');

      const settings = await getSettings(ctx.db);
      const summary = await complianceSummary(ctx.db, settings, { period: 'week', date: '2026-11-23', timezone: ctx.config.timezone });
      const figures = await digestFigures(ctx.db, settings, '2026-11-23', ctx.config.timezone);
      expect(figures.notLogged.map((u) => u.code)).toEqual(summary.belumLapor.map((b) => b.opd.code).sort());
      expect(figures.notLogged.length).toBe(summary.headline.overdue);
      expect(figures.late.length).toBe(summary.opds.reduce((a, o) => a + o.figures.late, 0));
      expect(figures.tk.total).toBe(summary.headline.tk);
      expect(figures.units).toBe(summary.headline.expected);
      expect(figures.notLogged.map((u) => u.code)).toContain(silent.code);
      expect(figures.notLogged.map((u) => u.code)).not.toContain(fine.code);
      expect(figures.late.map((u) => u.code)).toEqual([late.code]);
      expect(figures.lowAttendance.map((u) => u.code)).toEqual([low.code]);
      expect(figures.tk.rows.map((r) => r.name)).toEqual(['Budi Mangkir']);

      for (const u of [hr, sekda]) expect(await noticesOf(u.id)).toHaveLength(1);
      for (const u of [admin, opdUser]) expect(await noticesOf(u.id)).toHaveLength(0);
      const [notice] = await noticesOf(hr.id);
      expect(notice.title).toBe('Ringkasan mingguan apel Senin, 23 November 2026');
      expect(notice.body).toContain(`Belum lapor: ${summary.headline.overdue}.`);
      expect(notice.body).toContain('Terlambat: 1.');
      expect(notice.link).toBe('/dashboard?period=week&date=2026-11-23');

      const to = smtp.received.map((m) => m.to[0]);
      expect(to).toEqual(expect.arrayContaining([hr.email, sekda.email]));
      expect(to).not.toContain(admin.email);
      expect(to).not.toContain(opdUser.email);
      const text = smtp.received[0].parts[0].body;
      expect(text).toContain(`${PUBLIC_URL}/dashboard?period=week&date=2026-11-23`);
      expect(text).toContain(`DIGSILENT · ${silent.name} <${PUBLIC_URL}/opd/DIGSILENT/sessions/2026-11-23>`);
      expect(text).toContain(`DIGLOW · ${low.name} (60%)`);
      expect(text).toContain(`Budi Mangkir (${truant.nip}) · DIGLOW <${PUBLIC_URL}/employees/${truant.nip}>`);
      expect(smtp.received[0].parts[1].body).toContain(`href="${PUBLIC_URL}/opd/DIGLATE/sessions/2026-11-23"`);
    });
  });

  describe('/notifications', () => {
    it('lists the notices, shows the unread count, marks one and all read', async () => {
      setNow('2026-11-23T03:00:05Z');
      const opd = await makeOpd(ctx.db);
      const user = await makeUser(ctx.db, { role: 'opd', opdId: opd.id });
      await runJob(job(), 'reminder', MON_1000);
      await ctx.db
        .insertInto('notifications')
        .values({ user_id: user.id, kind: 'info', title: 'Catatan kedua', body: 'Isi', link: null, created_at: '2026-11-23T04:00:00.000Z', read_at: null })
        .execute();
      const agent = await signIn(ctx.app, user.username);
      const page = await agent.get('/notifications');
      expect(page.status).toBe(200);
      expect(page.text).toContain(`Pengingat: laporan apel ${opd.name}`);
      expect(page.text).toContain('Catatan kedua');
      expect(page.text).toContain('aria-label="Pemberitahuan (2 belum dibaca)"');
      expect(page.text).toMatch(/<span class="badge">2<\/span>/);

      const [reminder] = (await noticesOf(user.id)).filter((n) => n.kind === 'reminder');
      const open = await agent.post(`/notifications/${reminder.id}/read`).type('form').send({ _csrf: agent.csrf, open: '1' });
      expect(open.status).toBe(302);
      expect(open.headers.location).toBe(`/opd/${opd.code}/sessions/2026-11-23`);
      expect((await noticesOf(user.id)).find((n) => n.id === reminder.id)?.read_at).not.toBeNull();
      expect((await agent.get('/account')).text).toMatch(/<span class="badge">1<\/span>/);

      const all = await agent.post('/notifications/read-all').type('form').send({ _csrf: agent.csrf });
      expect(all.headers.location).toBe('/notifications');
      expect((await noticesOf(user.id)).every((n) => n.read_at !== null)).toBe(true);
      const after = await agent.get('/notifications');
      expect(after.text).toContain('Semua pemberitahuan ditandai dibaca.');
      expect(after.text).not.toContain('class="badge"');
    });

    it("answers 404 for someone else's notice and leaves it unread", async () => {
      const owner = await makeUser(ctx.db, { role: 'hr' });
      const [n] = await ctx.db
        .insertInto('notifications')
        .values({ user_id: owner.id, kind: 'info', title: 'Rahasia', body: 'x', link: null, created_at: '2026-11-23T04:00:00.000Z', read_at: null })
        .returning('id')
        .execute();
      const other = await makeUser(ctx.db, { role: 'sekda' });
      const agent = await signIn(ctx.app, other.username);
      expect((await agent.post(`/notifications/${n.id}/read`).type('form').send({ _csrf: agent.csrf })).status).toBe(404);
      expect((await agent.post('/notifications/abc/read').type('form').send({ _csrf: agent.csrf })).status).toBe(404);
      expect((await agent.get('/notifications')).text).not.toContain('Rahasia');
      expect((await noticesOf(owner.id))[0].read_at).toBeNull();
    });

    it('refuses a post without the CSRF token and sends anonymous visitors to sign in', async () => {
      const user = await makeUser(ctx.db, { role: 'hr' });
      const agent = await signIn(ctx.app, user.username);
      expect((await agent.post('/notifications/read-all').type('form').send({})).status).toBe(403);
      expect((await request(ctx.app).get('/notifications')).headers.location).toBe('/login?next=%2Fnotifications');
    });
  });
});
