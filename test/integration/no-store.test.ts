import request from 'supertest';
import { binary } from '../support/reports-files';
import { makeToken } from '../support/api-tokens';
import { signIn, useTestApp, type Agent } from '../support/app';
import { makeEmployee, makeOpd, makeUser } from '../support/factories';

/*
 * Private answers are never kept by a browser or proxy: Back after sign-out showed the last
 * employee page from the cache. Static files keep their week of caching.
 */
describe('Cache-Control', () => {
  const ctx = useTestApp();
  let hr: Agent;
  let admin: Agent;
  let opd: Agent;
  let opdCode: string;
  let nip: string;

  beforeAll(async () => {
    const unit = await makeOpd(ctx.db);
    opdCode = unit.code;
    nip = (await makeEmployee(ctx.db, { opdId: unit.id })).nip;
    hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    admin = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'admin' })).username);
    opd = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'opd', opdId: unit.id })).username);
  });

  it.each([
    '/dashboard',
    '/employees',
    '/employees/:nip',
    '/flags',
    '/audit',
    '/account',
    '/notifications',
    '/reports/monthly?month=2026-10',
  ])('an hr page %s is no-store', async (path) => {
    const res = await hr.get(path.replace(':nip', nip));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it.each(['/admin/users', '/admin/tokens', '/admin/jobs', '/settings'])('an admin page %s is no-store', async (path) => {
    const res = await admin.get(path);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('a unit operator\'s home is no-store', async () => {
    const res = await opd.get(`/opd/${opdCode}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it.each(['csv', 'xlsx', 'pdf'])('the monthly report as %s is no-store', async (format) => {
    const res = await hr.get(`/reports/monthly?month=2026-10&format=${format}`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('an employee\'s history CSV is no-store', async () => {
    const res = await hr.get(`/employees/${nip}/history.csv`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('an API answer is no-store', async () => {
    const token = await makeToken(ctx.db, { role: 'hr' });
    const res = await request(ctx.app).get('/api/v1/opds').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('the login page, which carries a CSRF token, and an error page are no-store', async () => {
    expect((await request(ctx.app).get('/login')).headers['cache-control']).toBe('no-store');
    expect((await hr.get('/tidak-ada')).headers['cache-control']).toBe('no-store');
  });

  it.each(['/static/app.css', '/static/pico/pico.min.css'])('a static file %s keeps its caching', async (path) => {
    const res = await request(ctx.app).get(path);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=604800');
  });
});
