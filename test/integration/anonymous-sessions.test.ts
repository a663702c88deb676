import request from 'supertest';
import { useTestApp } from '../support/app';

/*
 * Only a page with a form creates a visitor's session (its CSRF token lives there). Every
 * cookieless request used to store a session row and set a cookie, health probes included
 * (about 17,000 rows a day from one load balancer), and nothing ever deleted them.
 */
describe('sessions of anonymous visitors', () => {
  const ctx = useTestApp();

  const countSessions = async () =>
    Number((await ctx.db.selectFrom('login_sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const sessionCookie = (res: request.Response) =>
    ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('ikrar.sid='));

  it.each([
    ['a health probe', '/healthz', 200],
    ['a static file', '/static/app.css', 200],
    ['the vendored CSS', '/static/pico/pico.min.css', 200],
    ['the API description', '/api/v1/openapi.json', 200],
    ['an API call without a token', '/api/v1/opds', 401],
    ['the root, which redirects', '/', 302],
    ['a private page, which redirects to sign-in', '/dashboard', 302],
    ['an unknown page', '/tidak-ada', 404],
  ])('%s (GET %s) sets no cookie and stores no session', async (_label, path, status) => {
    const before = await countSessions();
    for (let i = 0; i < 3; i++) {
      const res = await request(ctx.app).get(path);
      expect(res.status).toBe(status);
      expect(sessionCookie(res)).toBeUndefined();
    }
    expect(await countSessions()).toBe(before);
  });

  it('a stale cookie naming no stored session gets no new session either', async () => {
    const before = await countSessions();
    const res = await request(ctx.app).get('/healthz').set('Cookie', 'ikrar.sid=s%3Aunknown.signature');
    expect(sessionCookie(res)).toBeUndefined();
    expect(await countSessions()).toBe(before);
  });

  it('the login page, which renders a form, creates one session for its CSRF token', async () => {
    const before = await countSessions();
    const res = await request(ctx.app).get('/login');
    expect(sessionCookie(res)).toBeDefined();
    expect(res.text).toMatch(/name="_csrf" value="[0-9a-f]{32,}"/);
    expect(await countSessions()).toBe(before + 1);
  });
});
