import { cardKey, verifyCard } from '../../src/features/cards/card-code';
import { signIn, useTestApp } from '../support/app';
import { fixNow, resetNow } from '../support/clock';
import { makeEmployeeAccount, makeUnit, makeUser } from '../support/factories';
import { auditRows } from '../support/reads';

/*
 * Employee cards: the QR code carries a signed code (card-code.ts) that the page also prints as
 * text under it; an employee sees only their own card, a unit's operator prints their unit's,
 * and re-issuing a card makes the old code fail.
 */
const SECRET = 'kunci-sesi-uji-yang-cukup-panjang-32';
const CODE = /<div class="card-code">(IKR1\.[^<]+)<\/div>/g;

describe('employee cards', () => {
  const ctx = useTestApp({ SESSION_SECRET: SECRET });
  const key = cardKey(SECRET);
  let one: Awaited<ReturnType<typeof makeUnit>>;
  let two: Awaited<ReturnType<typeof makeUnit>>;

  const codesOf = (html: string) => [...html.matchAll(CODE)].map((m) => m[1]);
  async function versionOf(id: number) {
    return (await ctx.db.selectFrom('employee_cards').select('version').where('employee_id', '=', id).executeTakeFirst())?.version ?? 1;
  }
  async function verify(code: string) {
    const id = Number(code.split('.')[1]);
    const v = await versionOf(id);
    return verifyCard(key, code, (asked) => (asked === id ? v : null));
  }

  beforeAll(async () => {
    fixNow('2026-11-23T03:00:00Z');
    one = await makeUnit(ctx.db, 3);
    two = await makeUnit(ctx.db, 1);
    await makeEmployeeAccount(ctx.db, one.employees[0]);
  });
  afterAll(() => resetNow());

  it("shows an employee their own card: name, NIP, unit, a QR SVG and the signed code that verifies", async () => {
    const e = one.employees[0];
    const agent = await signIn(ctx.app, e.nip);
    const res = await agent.get('/me/card');
    expect(res.status).toBe(200);
    expect(res.text).toContain(e.name);
    expect(res.text).toContain(e.nip);
    expect(res.text).toContain(one.opd.name);
    expect(res.text.match(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/g)).toHaveLength(1);
    const codes = codesOf(res.text);
    expect(codes).toHaveLength(1);
    expect(codes[0]).not.toContain(e.nip);
    expect(await verify(codes[0])).toBe(e.id);
    // Nothing else of anybody's: the page has no way to ask for another card.
    expect(res.text).not.toContain(one.employees[1].name);
    expect((await agent.get(`/opd/${one.opd.code}/cards`)).status).toBe(403);
  });

  it("prints a unit's cards for its operator and hr; another unit's operator gets a 404", async () => {
    const op = await signIn(ctx.app, one.operator.username);
    const sheet = await op.get(`/opd/${one.opd.code}/cards`);
    expect(sheet.status).toBe(200);
    const codes = codesOf(sheet.text);
    expect(await Promise.all(codes.map(verify))).toEqual(one.employees.map((e) => e.id));
    const hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    expect(codesOf((await hr.get(`/opd/${two.opd.code}/cards`)).text)).toHaveLength(1);

    const stranger = await signIn(ctx.app, two.operator.username);
    expect((await stranger.get(`/opd/${one.opd.code}/cards`)).status).toBe(404);
    const refused = await stranger.post(`/opd/${one.opd.code}/cards/${one.employees[1].nip}/reissue`).type('form').send({ _csrf: stranger.csrf });
    expect(refused.status).toBe(404);
    // Nor through its own unit's address: the person is not of that unit.
    expect((await stranger.post(`/opd/${two.opd.code}/cards/${one.employees[1].nip}/reissue`).type('form').send({ _csrf: stranger.csrf })).status).toBe(404);
    expect(await ctx.db.selectFrom('employee_cards').selectAll().execute()).toEqual([]);
  });

  it('re-issues one card: the old code stops verifying, the new one does, audited', async () => {
    const e = one.employees[1];
    const op = await signIn(ctx.app, one.operator.username);
    const [, oldCode] = codesOf((await op.get(`/opd/${one.opd.code}/cards`)).text);
    const res = await op.post(`/opd/${one.opd.code}/cards/${e.nip}/reissue`).type('form').send({ _csrf: op.csrf });
    expect(res.status).toBe(302);
    const sheet = await op.get(res.headers.location);
    expect(sheet.text).toContain(`Kartu ${e.name} diterbitkan ulang`);
    const [first, newCode, third] = codesOf(sheet.text);
    expect(newCode).toMatch(new RegExp(`^IKR1\\.${e.id}\\.2\\.`));
    expect(await verify(oldCode)).toBeNull();
    expect(await verify(newCode)).toBe(e.id);
    expect([await verify(first), await verify(third)]).toEqual([one.employees[0].id, one.employees[2].id]);
    const audit = await auditRows(ctx.db, 'employee_card', e.id);
    expect(audit.map((a) => [a.action, a.opd_id, JSON.parse(a.before!).version, JSON.parse(a.after!).version])).toEqual([['reissue', one.opd.id, 1, 2]]);
  });
});
