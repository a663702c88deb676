import { Settings } from 'luxon';
import { signIn, useTestApp } from '../support/app';
import { makeEmployee, makeOpd, makeUser } from '../support/factories';

/** Every paged list shares one page count, one clamp and one pager partial. */
describe('paged lists', () => {
  const ctx = useTestApp();
  beforeAll(() => {
    Settings.now = () => Date.parse('2026-11-23T03:00:00Z');
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });
  const links = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

  it('shows the last page, with its rows, for a page number past the end', async () => {
    const opd = await makeOpd(ctx.db, { code: 'CLAMP-T' });
    for (let i = 0; i < 52; i++) await makeEmployee(ctx.db, { opdId: opd.id, name: `Batas Uji ${String(i).padStart(2, '0')}` });
    const agent = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    const res = await agent.get('/employees?opd=CLAMP-T&page=99');
    expect(res.status).toBe(200);
    expect(res.text.match(/Batas Uji \d\d/g)).toEqual(['Batas Uji 50', 'Batas Uji 51']);
    expect(res.text).toContain('<span>Halaman 2 dari 2</span>');
    expect(links(res.text)).toContain('<a href="/employees?opd=CLAMP-T" rel="prev">← Sebelumnya</a>');
    expect(res.text).not.toContain('rel="next"');
  });

  it('gives the notices (20 a page) and the scheduler runs (50 a page) the same pager', async () => {
    const admin = await makeUser(ctx.db, { role: 'admin' });
    const at = (i: number) => new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString();
    await ctx.db
      .insertInto('notifications')
      .values(Array.from({ length: 21 }, (_, i) => ({ user_id: admin.id, kind: 'info', title: `Catatan ${i}`, body: 'Uji', link: null, created_at: at(i), read_at: null })))
      .execute();
    await ctx.db.deleteFrom('job_runs').execute();
    await ctx.db
      .insertInto('job_runs')
      .values(Array.from({ length: 51 }, (_, i) => ({ job: 'reminders', planned_at: at(i), started_at: at(i), finished_at: at(i), outcome: 'ok' as const, detail: null, instance_id: 'uji' })))
      .execute();
    const agent = await signIn(ctx.app, admin.username);

    const notices = await agent.get('/notifications');
    expect(notices.text).toContain('<span>Halaman 1 dari 2</span>');
    expect(links(notices.text)).toContain('<a href="/notifications?page=2" rel="next">Berikutnya →</a>');
    const second = await agent.get('/notifications?page=2');
    expect(links(second.text)).toContain('<a href="/notifications" rel="prev">← Sebelumnya</a>');

    const runs = await agent.get('/admin/jobs?page=7');
    expect(runs.text).toContain('<span>Halaman 2 dari 2</span>');
    expect((runs.text.match(/<tr>/g) ?? []).length).toBe(2);
  });
});
