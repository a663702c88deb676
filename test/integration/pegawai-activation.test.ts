import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import { createLoginLimiter } from '../../src/features/auth/login-limiter';
import { csrfOf, signIn, useTestApp, type Agent } from '../support/app';
import { fixNow, resetNow } from '../support/clock';
import { makeEmployee, makeUnit, makeUser } from '../support/factories';
import { auditRows } from '../support/reads';

/*
 * Employee accounts, from the code on a slip to the employee's own page: hr or the unit's
 * operator makes codes (slips with a QR code, the same batch as CSV), the employee activates
 * with NIP and code and chooses a password, and lands on /me.
 */
const NOW = '2026-11-23T03:00:00Z'; // Monday 10:00 WIB
const CODE = /<div class="code">([0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5})<\/div>/g;
const REFUSED = 'NIP atau kode aktivasi tidak berlaku.';
const NEW_PASSWORD = 'apel-senin-pagi-77';

type CsrfAgent = Agent & { csrf: string };

/** The codes on a slips page, by NIP (each slip names the NIP before its code). */
function codesOf(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const slip of html.split('<article class="slip">').slice(1)) {
    const nip = /NIP (\S+)<\/div>/.exec(slip)![1];
    out.set(nip, [...slip.matchAll(CODE)][0][1]);
  }
  return out;
}

async function activation(app: Parameters<typeof request.agent>[0], fields: Record<string, string>) {
  const agent = request.agent(app);
  const page = await agent.get('/aktivasi');
  const res = await agent.post('/aktivasi').type('form').send({ password: NEW_PASSWORD, confirm: NEW_PASSWORD, ...fields, _csrf: csrfOf(page.text) });
  return { agent, res };
}

describe('employee accounts: activation codes, activation, /me', () => {
  const ctx = useTestApp({ PUBLIC_URL: 'https://ikrar.contoh.go.id' });
  let unit: Awaited<ReturnType<typeof makeUnit>>;
  let other: Awaited<ReturnType<typeof makeUnit>>;
  let hr: CsrfAgent;
  let codes: Map<string, string>;

  beforeAll(async () => {
    fixNow(NOW);
    unit = await makeUnit(ctx.db, 4);
    other = await makeUnit(ctx.db, 1);
    hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    const res = await hr.post(`/opd/${unit.opd.code}/activation`).type('form').send({ _csrf: hr.csrf, scope: 'all' });
    expect(res.status).toBe(200);
    codes = codesOf(res.text);
  });
  afterAll(() => resetNow());

  it('lets hr make a code for everyone of a unit: slips with the code and an SVG QR of the activation link', async () => {
    expect([...codes.keys()].sort()).toEqual(unit.employees.map((e) => e.nip).sort());
    const stored = await ctx.db.selectFrom('activation_codes').selectAll().execute();
    expect(stored).toHaveLength(4);
    // Only an HMAC is kept: no stored value contains the code.
    const plain = [...codes.values()].map((c) => c.replace('-', ''));
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.code_hash) && plain.every((p) => !JSON.stringify(s).includes(p)))).toBe(true);
    expect(stored[0].expires_at).toBe('2026-12-07T03:00:00.000Z');
    const audit = await auditRows(ctx.db, 'activation_code', unit.opd.code);
    expect(audit.map((a) => [a.action, JSON.parse(a.after!).count])).toEqual([['generate', 4]]);
    expect(plain.every((p) => !audit[0].after!.includes(p))).toBe(true);
  });

  it('puts a QR code of the activation link on every slip', async () => {
    const res = await hr.post(`/opd/${other.opd.code}/activation`).type('form').send({ _csrf: hr.csrf, scope: 'all' });
    const [nip, code] = [...codesOf(res.text)][0];
    expect(res.text.match(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/g)).toHaveLength(1);
    expect(res.text).toContain(other.opd.name);
    expect(res.text).toContain('https://ikrar.contoh.go.id/aktivasi');
    // The link the QR code carries opens the form filled in.
    const filled = await request(ctx.app).get(`/aktivasi?nip=${nip}&kode=${code}`);
    expect(filled.text).toContain(`value="${nip}"`);
    expect(filled.text).toContain(`value="${code}"`);
  });

  it('gives the same batch as CSV, NIP kept as text, and only codes the server issued', async () => {
    const res = await hr.post(`/opd/${unit.opd.code}/activation`).type('form').send({ _csrf: hr.csrf, scope: 'chosen', employees: String(unit.employees[3].id) });
    const batch = /name="batch" value="([^"]+)"/.exec(res.text)![1];
    const [nip, code] = batch.split(':');
    codes.set(nip, code); // the new code replaced the one from beforeAll
    const forged = `${unit.employees[2].nip}:ABCDE-FGHJK`;
    const csv = await hr.post(`/opd/${unit.opd.code}/activation/csv`).type('form').send({ _csrf: hr.csrf, batch: `${batch};${forged}` });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toEqual([
      'nip;nama;kode;tautan;berlaku_sampai',
      `"=""${nip}""";${unit.employees[3].name};${code};https://ikrar.contoh.go.id/aktivasi?nip=${nip}&kode=${code};2026-12-07 10:00`,
    ]);
  });

  it("lets the unit's operator make codes for its own unit, and another unit's operator gets a 404", async () => {
    const own = await signIn(ctx.app, unit.operator.username);
    const list = await own.get(`/opd/${unit.opd.code}/activation`);
    expect(list.status).toBe(200);
    expect(list.text).toContain(unit.employees[0].name);
    const res = await own.post(`/opd/${unit.opd.code}/activation`).type('form').send({ _csrf: own.csrf, scope: 'chosen', employees: String(unit.employees[2].id) });
    expect(codesOf(res.text).size).toBe(1);
    codes.set(unit.employees[2].nip, [...codesOf(res.text).values()][0]);

    const stranger = await signIn(ctx.app, other.operator.username);
    const before = await ctx.db.selectFrom('activation_codes').selectAll().execute();
    expect((await stranger.get(`/opd/${unit.opd.code}/activation`)).status).toBe(404);
    expect((await stranger.post(`/opd/${unit.opd.code}/activation`).type('form').send({ _csrf: stranger.csrf, scope: 'all' })).status).toBe(404);
    expect(await ctx.db.selectFrom('activation_codes').selectAll().execute()).toEqual(before);
  });

  it('refuses a wrong code and an unknown NIP with the same message, saving nothing', async () => {
    const e = unit.employees[0];
    const wrong = await activation(ctx.app, { nip: e.nip, kode: 'ABCDE-FGHJK' });
    const unknown = await activation(ctx.app, { nip: '199001012015031099', kode: codes.get(e.nip)! });
    expect(wrong.res.status).toBe(422);
    expect(unknown.res.status).toBe(422);
    const message = (html: string) => /<p class="flash flash-error" role="alert">([^<]*)<\/p>/.exec(html)![1];
    expect(message(wrong.res.text)).toContain(REFUSED);
    expect(message(unknown.res.text)).toBe(message(wrong.res.text));
    expect(await ctx.db.selectFrom('users').select('id').where('employee_id', 'is not', null).execute()).toEqual([]);
  });

  it('applies the password rules of every account, keeping the code unused', async () => {
    const e = unit.employees[0];
    const short = await activation(ctx.app, { nip: e.nip, kode: codes.get(e.nip)!, password: 'pendek', confirm: 'pendek' });
    expect(short.res.status).toBe(422);
    expect(short.res.text).toContain('minimal 10');
    const withNip = `a${e.nip}`;
    const named = await activation(ctx.app, { nip: e.nip, kode: codes.get(e.nip)!, password: withNip, confirm: withNip });
    expect(named.res.status).toBe(422);
    expect(await ctx.db.selectFrom('activation_codes').select('used_at').where('employee_id', '=', e.id).executeTakeFirst()).toEqual({ used_at: null });
  });

  it('activates with NIP and code (typed loosely), signs the employee in on /me, and uses the code up', async () => {
    const e = unit.employees[0];
    const typed = codes.get(e.nip)!.toLowerCase().replace('-', ' ');
    const { agent, res } = await activation(ctx.app, { nip: e.nip, kode: typed });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/me');
    const me = await agent.get('/me');
    expect(me.status).toBe(200);
    expect(me.text).toContain(e.name);
    expect(me.text).toContain(e.nip);
    expect(me.text).toContain(unit.opd.name);
    const account = await ctx.db.selectFrom('users').selectAll().where('employee_id', '=', e.id).executeTakeFirstOrThrow();
    expect([account.username, account.role, account.opd_id]).toEqual([e.nip, 'pegawai', null]);
    expect((await auditRows(ctx.db, 'user', account.id)).map((a) => a.action)).toEqual(['activate']);

    // Used: the same code again is refused with the one message.
    const again = await activation(ctx.app, { nip: e.nip, kode: codes.get(e.nip)! });
    expect(again.res.status).toBe(422);
    expect(again.res.text).toContain(REFUSED);
    // The list shows the account as active.
    expect((await hr.get(`/opd/${unit.opd.code}/activation`)).text).toMatch(new RegExp(`${e.nip}</td>\\s*<td><label[^>]*>[^<]*</label></td>\\s*<td>Aktif</td>`));
  });

  it('refuses an expired code', async () => {
    const e = unit.employees[1];
    fixNow('2026-12-07T03:00:01Z');
    try {
      const { res } = await activation(ctx.app, { nip: e.nip, kode: codes.get(e.nip)! });
      expect(res.status).toBe(422);
      expect(res.text).toContain(REFUSED);
    } finally {
      fixNow(NOW);
    }
    expect(await ctx.db.selectFrom('users').select('id').where('employee_id', '=', e.id).execute()).toEqual([]);
  });

  it('refuses the code of an employee out of service', async () => {
    const e = unit.employees[2];
    await ctx.db.updateTable('employees').set({ active_to: '2026-11-20', end_reason: 'pensiun' }).where('id', '=', e.id).execute();
    try {
      const { res } = await activation(ctx.app, { nip: e.nip, kode: codes.get(e.nip)! });
      expect(res.status).toBe(422);
      expect(res.text).toContain(REFUSED);
    } finally {
      await ctx.db.updateTable('employees').set({ active_to: null, end_reason: null }).where('id', '=', e.id).execute();
    }
  });

  it('limits activation guesses per NIP, apart from sign-ins', async () => {
    const app = createApp({
      db: ctx.db,
      config: ctx.config,
      logger: pino({ level: 'silent' }),
      activationLimiter: createLoginLimiter({ perIp: 100, perUser: 2, windowSeconds: 600 }, 'activation:'),
    });
    const e = unit.employees[1];
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await activation(app, { nip: e.nip, kode: 'ABCDE-FGHJK' })).res.status);
    expect(statuses).toEqual([422, 422, 429]);
  });
});

describe('employee accounts: signing in, transfers, deactivation, session length', () => {
  const ctx = useTestApp();
  afterAll(() => resetNow());

  async function employeeWithAccount() {
    fixNow(NOW);
    const unit = await makeUnit(ctx.db, 0);
    const e = await makeEmployee(ctx.db, { opdId: unit.opd.id, name: 'Sri Wahyuni' });
    const hr = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'hr' })).username);
    const res = await hr.post(`/opd/${unit.opd.code}/activation`).type('form').send({ _csrf: hr.csrf, scope: 'all' });
    const code = [...codesOf(res.text).values()][0];
    const { agent } = await activation(ctx.app, { nip: e.nip, kode: code });
    return { unit, e, hr, agent };
  }

  it('signs an employee in by NIP, typed as printed, and lands on /me with only their menu', async () => {
    const { e } = await employeeWithAccount();
    const agent = request.agent(ctx.app);
    const page = await agent.get('/login');
    const printed = `${e.nip.slice(0, 8)} ${e.nip.slice(8, 14)} ${e.nip.slice(14, 15)} ${e.nip.slice(15)}`;
    const res = await agent.post('/login').type('form').send({ username: printed, password: NEW_PASSWORD, _csrf: csrfOf(page.text) });
    expect(res.status).toBe(302);
    const home = await agent.get(res.headers.location);
    expect(home.headers.location).toBe('/me');
    const me = await agent.get('/me');
    const menu = [...me.text.matchAll(/<a href="(\/[^"]*)"[^>]*>[^<]*<\/a>/g)].map((m) => m[1]);
    expect(menu).toEqual(expect.arrayContaining(['/me', '/account', '/notifications']));
    for (const hidden of ['/dashboard', '/employees', '/opds', '/settings', '/holidays']) expect(menu).not.toContain(hidden);
    expect((await agent.get('/employees')).status).toBe(403);
    // A wrong password for the NIP and an unknown NIP read the same.
    const wrong = await agent.post('/logout').type('form').send({ _csrf: csrfOf(me.text) });
    expect(wrong.status).toBe(302);
    const again = request.agent(ctx.app);
    const token = csrfOf((await again.get('/login')).text);
    const bad = await again.post('/login').type('form').send({ username: e.nip, password: 'salah-sekali-123', _csrf: token });
    const unknown = await again.post('/login').type('form').send({ username: '199001012015031098', password: 'salah-sekali-123', _csrf: token });
    expect([bad.status, unknown.status]).toEqual([401, 401]);
    expect(bad.text).toContain('Nama pengguna atau kata sandi salah.');
    expect(unknown.text).toContain('Nama pengguna atau kata sandi salah.');
  });

  it('shows a transfer on /me at once', async () => {
    const { e, agent } = await employeeWithAccount();
    const to = await makeUnit(ctx.db, 0, { name: 'Badan Tujuan Mutasi' });
    await ctx.db.updateTable('assignments').set({ end_date: '2026-11-23' }).where('employee_id', '=', e.id).execute();
    await ctx.db.insertInto('assignments').values({ employee_id: e.id, opd_id: to.opd.id, start_date: '2026-11-23', end_date: null, created_at: NOW }).execute();
    expect((await agent.get('/me')).text).toContain('Badan Tujuan Mutasi');
  });

  it('ends an employee’s open session and sign-in when hr deactivates them', async () => {
    const { e, hr, agent } = await employeeWithAccount();
    expect((await agent.get('/me')).status).toBe(200);
    await hr.post(`/employees/${e.nip}/deactivate`).type('form').send({ _csrf: hr.csrf, reason: 'pensiun', inactive_from: '2026-11-23' }).expect(302);
    const after = await agent.get('/me');
    expect(after.status).toBe(302);
    expect(after.headers.location).toMatch(/^\/login/);
    const fresh = request.agent(ctx.app);
    const token = csrfOf((await fresh.get('/login')).text);
    const res = await fresh.post('/login').type('form').send({ username: e.nip, password: NEW_PASSWORD, _csrf: token });
    expect(res.status).toBe(401);
  });

  it("keeps an employee's session for pegawai_session_days, and a staff one for a working day", async () => {
    const hoursLeft = async (userId: number) => {
      const row = await ctx.db.selectFrom('login_sessions').select('expires_at').where('user_id', '=', userId).executeTakeFirstOrThrow();
      return (Date.parse(row.expires_at) - Date.now()) / 3_600_000;
    };
    const accountOf = async (employeeId: number) =>
      (await ctx.db.selectFrom('users').select('id').where('employee_id', '=', employeeId).executeTakeFirstOrThrow()).id;
    const first = await employeeWithAccount();
    expect(await hoursLeft(await accountOf(first.e.id))).toBeCloseTo(30 * 24, 0);
    await ctx.db.insertInto('settings').values({ key: 'pegawai_session_days', value: '7', type: 'number', updated_by: null, updated_at: NOW }).execute();
    const second = await employeeWithAccount();
    expect(await hoursLeft(await accountOf(second.e.id))).toBeCloseTo(7 * 24, 0);
    const sekda = await makeUser(ctx.db, { role: 'sekda' });
    await signIn(ctx.app, sekda.username);
    expect(await hoursLeft(sekda.id)).toBeCloseTo(12, 0);
  });
});
