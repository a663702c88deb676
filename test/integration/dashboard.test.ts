import { Settings } from 'luxon';
import { signIn, useTestApp } from '../support/app';
import { makeEmployee, makeOpd, makeSession, makeUser, roll } from '../support/factories';

/*
 * Monday 23 Nov 2026 is the pledge date; its deadline is Tuesday 24 Nov 12:00 WIB (05:00 UTC).
 * "Now" is Tuesday 13:00 WIB: the deadline has passed by one hour.
 */
const NOW = Date.parse('2026-11-24T06:00:00Z');
const WEEK = '2026-11-23';
const LAST_WEEK = '2026-11-16';
/** A URL as Handlebars escapes it in an attribute. */
const attr = (url: string) => url.replace(/&/g, '&amp;').replace(/=/g, '&#x3D;');

describe('Sekda dashboard', () => {
  const ctx = useTestApp();
  const units: Record<string, { id: number; code: string }> = {};
  let sekda: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    Settings.now = () => NOW;
    await makeOpd(ctx.db, { code: 'DSENYAP', name: 'Dinas SENYAP' });
    for (const name of ['RAPI', 'BOLOS', 'SEPI']) {
      const opd = await makeOpd(ctx.db, { code: `D${name}`, name: `Dinas ${name}` });
      units[name] = opd;
      const ids = [];
      for (let i = 0; i < 10; i++) ids.push((await makeEmployee(ctx.db, { opdId: opd.id })).id);
      await makeSession(ctx.db, { opdId: opd.id, date: LAST_WEEK, roll: roll(ids) });
      if (name === 'RAPI') await makeSession(ctx.db, { opdId: opd.id, date: WEEK, roll: roll(ids) });
      // 8 of 10 present: 80%, below the 90% amber threshold but above 75%.
      if (name === 'SEPI') await makeSession(ctx.db, { opdId: opd.id, date: WEEK, roll: roll(ids, { tk: 2 }) });
    }
    sekda = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'sekda' })).username);
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  it('shows the headline figures of the week with links to what they count', async () => {
    const res = await sekda.get(`/dashboard?period=week&date=${WEEK}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('OPD lapor tepat waktu minggu ini');
    expect(res.text).toMatch(/<span class="figure-value">2 \/ 4<\/span>/);
    // 18 present of 20 expected this week: 90%.
    expect(res.text).toMatch(/<span class="figure-value">90%<\/span>/);
    // TK links to the TK lines of that week (period-truth.test.ts).
    expect(res.text).toContain(`href="${attr('/flags/tk?from=2026-11-23&to=2026-11-29')}"`);
  });

  it('lists the unit that has not reported, with how long it is overdue, linking to its session', async () => {
    const res = await sekda.get(`/dashboard?period=week&date=${WEEK}`);
    const section = res.text.slice(res.text.indexOf('Belum lapor minggu ini'), res.text.indexOf('id="league"'));
    expect(section).toContain('Dinas BOLOS');
    expect(section).toContain(`href="/opd/DBOLOS/sessions/${WEEK}"`);
    expect(section).toContain('terlambat 1 jam 0 menit');
    expect(section).not.toContain('Dinas RAPI');
    // A unit that never reported: at least the whole 12-week window, and it says so.
    expect(section).toContain('12+ minggu berturut-turut; terakhir lapor: belum pernah');
    expect(section).toContain('terlambat lebih dari');
    expect(section).not.toContain('Dinas SEPI');
  });

  it('ranks units worst first', async () => {
    const res = await sekda.get(`/dashboard?period=week&date=${WEEK}`);
    const league = res.text.slice(res.text.indexOf('id="league"'), res.text.indexOf('id="heatmap-title"'));
    const order = ['BOLOS', 'SENYAP', 'SEPI', 'RAPI'].map((n) => league.indexOf(`Dinas ${n}</a>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(league).toContain(`href="${attr('/opd/DSEPI?period=week&date=2026-11-23')}"`);
  });

  it('draws the heatmap as SVG with a text alternative and session links', async () => {
    const res = await sekda.get(`/dashboard?period=week&date=${WEEK}`);
    expect(res.text).toContain('<svg class="heatmap"');
    expect(res.text).toContain('<title id="heatmap-t">');
    // A group with named links, not an image (whose content is presentational) wrapping links.
    expect(res.text).toContain('role="group" aria-labelledby="heatmap-t"');
    expect(res.text).toMatch(new RegExp(`<a href="/opd/DSEPI/sessions/${WEEK}" aria-label="Dinas SEPI · 23 Nov 2026: [^"]+"><rect`));
    expect(res.text).toMatch(/Dinas SEPI · 23 Nov 2026: Peringatan, Terkunci, Kehadiran rendah, 80%/);
  });

  it('says which thresholds it used', async () => {
    const res = await sekda.get('/dashboard');
    expect(res.text).toContain('kuning di bawah 90%, merah di bawah 75%');
  });

  it('answers 422 for a malformed date instead of failing', async () => {
    const res = await sekda.get('/dashboard?date=2026-13-45');
    expect(res.status).toBe(422);
  });

  it('sends opd users to their own OPD page', async () => {
    const user = await makeUser(ctx.db, { role: 'opd', opdId: units.RAPI.id });
    const agent = await signIn(ctx.app, user.username);
    const res = await agent.get('/dashboard');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/opd/DRAPI');
  });

  it.each(['admin', 'hr'] as const)('opens for %s', async (role) => {
    const agent = await signIn(ctx.app, (await makeUser(ctx.db, { role })).username);
    expect((await agent.get('/dashboard')).status).toBe(200);
  });
});
