import request from 'supertest';
import { signIn, useTestApp } from '../support/app';
import { fixNow, MONDAY, MONDAY_MORNING, resetNow } from '../support/clock';
import { makeSession, makeUnit, makeUser, roll } from '../support/factories';
import { formFields, sessionUrl } from '../support/forms';

/*
 * The dashboard body is shared between readers (src/http/page-cache.ts): it must still show a
 * change as soon as it is saved (every save writes an audit row), age with the clock, and come
 * with each reader's own header.
 */
const belumLapor = (html: string) => html.slice(html.indexOf('id="belum-title"'), html.indexOf('id="league"'));

describe('dashboard cache', () => {
  const ctx = useTestApp();
  let units: Awaited<ReturnType<typeof makeUnit>>[];

  beforeAll(async () => {
    fixNow(MONDAY_MORNING);
    units = [await makeUnit(ctx.db, 3, { code: 'DCEPAT', name: 'Dinas CEPAT' }), await makeUnit(ctx.db, 3, { code: 'DLAMBAT', name: 'Dinas LAMBAT' })];
  });
  afterAll(resetNow);

  it('shows a roll-call submitted through the form on the next view', async () => {
    const sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    const before = await sekda.get(`/dashboard?period=week&date=${MONDAY}`);
    expect(before.status).toBe(200);
    expect(belumLapor(before.text)).toContain('Dinas CEPAT');

    const operator = await signIn(ctx.app, units[0].operator.username);
    const page = await operator.get(sessionUrl('DCEPAT'));
    const saved = await operator.post(sessionUrl('DCEPAT')).type('form').send({ ...formFields(page.text), action: 'submit' });
    expect(saved.status).toBe(302);

    const after = await sekda.get(`/dashboard?period=week&date=${MONDAY}`);
    expect(belumLapor(after.text)).not.toContain('Dinas CEPAT');
    expect(belumLapor(after.text)).toContain('Dinas LAMBAT');
  });

  it('reuses the body while nothing is audited, and rebuilds it when the clock moves on', async () => {
    const sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
    const url = `/dashboard?period=week&date=${MONDAY}`;
    expect(belumLapor((await sekda.get(url)).text)).toContain('Dinas LAMBAT');
    // Written behind the application's back (no audit row): not seen within the same 30 s.
    await makeSession(ctx.db, { opdId: units[1].opd.id, date: MONDAY, roll: roll(units[1].employees.map((e) => e.id)) });
    expect(belumLapor((await sekda.get(url)).text)).toContain('Dinas LAMBAT');
    fixNow(new Date(Date.parse(MONDAY_MORNING) + 30_000).toISOString());
    expect(belumLapor((await sekda.get(url)).text)).not.toContain('Dinas LAMBAT');
  });

  it("wraps the shared body in each reader's own header, gzipped or not", async () => {
    const hrUser = await makeUser(ctx.db, { role: 'hr' });
    const sekdaUser = await makeUser(ctx.db, { role: 'sekda' });
    const hr = await signIn(ctx.app, hrUser.username);
    const sekda = await signIn(ctx.app, sekdaUser.username);
    const a = await hr.get('/dashboard');
    const b = await sekda.get('/dashboard');
    expect(a.headers['content-encoding']).toBe('gzip');
    expect(a.headers.vary).toMatch(/Accept-Encoding/);
    expect(a.text).toContain(`title="${hrUser.username}"`);
    expect(b.text).toContain(`title="${sekdaUser.username}"`);
    expect(a.text).toContain(`name="_csrf" value="${hr.csrf}"`);
    expect(b.text).toContain(`name="_csrf" value="${sekda.csrf}"`);
    // The setup checklist (admin and hr only) sits before the shared body; the body is the same.
    const body = (html: string) => html.slice(html.indexOf('<h1'), html.indexOf('</main>'));
    expect(body(a.text)).toBe(body(b.text));

    // The ETag comes from the gzip trailer: the same page again is a 304.
    expect(a.headers.etag).toMatch(/^W\/"[0-9a-f]{16}"$/);
    expect((await hr.get('/dashboard').set('If-None-Match', a.headers.etag)).status).toBe(304);
    expect((await sekda.get('/dashboard').set('If-None-Match', a.headers.etag)).status).toBe(200);

    const plain = await hr.get('/dashboard').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(a.text);
    expect(plain.text).toMatch(/^<!doctype html>[\s\S]*<\/html>\s*$/);
  });

  it('still sends anonymous readers to the sign-in page', async () => {
    const res = await request(ctx.app).get('/dashboard');
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});
