import crypto from 'node:crypto';
import { Settings } from 'luxon';
import { authenticateToken } from '../../src/features/tokens/token-auth';
import { signIn, useTestApp } from '../support/app';
import { makeOpd, makeUser } from '../support/factories';
import { auditRows } from '../support/reads';

describe('API tokens (admin)', () => {
  const ctx = useTestApp();
  let now = Date.parse('2026-11-23T03:00:00Z');
  beforeAll(() => {
    Settings.now = () => now;
  });
  afterAll(() => {
    Settings.now = () => Date.now();
  });

  const tokenIn = (html: string) => /<code id="api-token">([^<]+)<\/code>/.exec(html)?.[1] ?? '';
  const tokenCount = async () => Number((await ctx.db.selectFrom('api_tokens').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  async function admin() {
    const user = await makeUser(ctx.db, { role: 'admin' });
    return { user, agent: await signIn(ctx.app, user.username) };
  }

  it('creates a token shown once and stored as a hash; the token signs in with its scope and is revoked', async () => {
    const opd = await makeOpd(ctx.db);
    const { user, agent } = await admin();
    const res = await agent.post('/admin/tokens').type('form').send({ _csrf: agent.csrf, name: 'Mesin presensi', role: 'opd', opd_id: String(opd.id) });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const token = tokenIn(res.text);
    expect(token).toMatch(/^ikr_[A-Za-z0-9_-]{43}$/);

    const row = await ctx.db.selectFrom('api_tokens').selectAll().where('name', '=', 'Mesin presensi').executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(crypto.createHash('sha256').update(token).digest('hex'));
    expect(row.token_prefix).toBe(token.slice(0, 12));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row).toMatchObject({ role: 'opd', opd_id: opd.id, created_by: user.id, last_used_at: null, revoked_at: null });

    const list = await agent.get('/admin/tokens');
    expect(list.text).toContain(`${token.slice(0, 12)}…`);
    expect(list.text).not.toContain(token);
    expect(list.text).toContain('belum pernah');

    const who = await authenticateToken(ctx.db, `Bearer ${token}`);
    expect(who).toEqual({
      id: user.id,
      username: 'Mesin presensi',
      displayName: 'Mesin presensi',
      role: 'opd',
      opdId: opd.id,
      opdCode: opd.code,
      language: null,
      mustChangePassword: false,
      via: 'token',
    });
    const used = await ctx.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(used.last_used_at).toBe('2026-11-23T03:00:00.000Z');
    expect((await agent.get('/admin/tokens')).text).not.toContain('belum pernah');

    // at most one write a minute
    now += 30_000;
    await authenticateToken(ctx.db, `bearer ${token}`);
    expect((await ctx.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', row.id).executeTakeFirstOrThrow()).last_used_at).toBe('2026-11-23T03:00:00.000Z');
    now += 40_000;
    await authenticateToken(ctx.db, `Bearer ${token}`);
    expect((await ctx.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', row.id).executeTakeFirstOrThrow()).last_used_at).toBe('2026-11-23T03:01:10.000Z');

    await agent.post(`/admin/tokens/${row.id}/revoke`).type('form').send({ _csrf: agent.csrf }).expect(302);
    expect(await authenticateToken(ctx.db, `Bearer ${token}`)).toBeNull();
    expect((await agent.get('/admin/tokens')).text).toContain('dicabut');
    expect((await auditRows(ctx.db, 'api_token', row.id)).map((a) => a.action)).toEqual(['create', 'revoke']);
  });

  it('gives a sekda token no unit even when one is sent', async () => {
    const opd = await makeOpd(ctx.db);
    const { agent } = await admin();
    const res = await agent.post('/admin/tokens').type('form').send({ _csrf: agent.csrf, name: 'Dasbor gubernur', role: 'sekda', opd_id: String(opd.id) });
    const who = await authenticateToken(ctx.db, `Bearer ${tokenIn(res.text)}`);
    expect(who).toMatchObject({ role: 'sekda', opdId: null, opdCode: null, via: 'token' });
  });

  it.each([undefined, null, '', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ikr_short', `Bearer ikr_${'A'.repeat(43)}`, `Token ikr_${'A'.repeat(43)}`])(
    'answers null for the header %p',
    async (header) => {
      expect(await authenticateToken(ctx.db, header)).toBeNull();
    },
  );

  it('refuses an opd token without a unit and a nameless one, input kept', async () => {
    const { agent } = await admin();
    const before = await tokenCount();
    const res = await agent.post('/admin/tokens').type('form').send({ _csrf: agent.csrf, name: '', role: 'opd', opd_id: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="name-error">Wajib diisi.');
    expect(res.text).toContain('id="opd_id-error">Pilih OPD untuk token Operator OPD.');
    const bad = await agent.post('/admin/tokens').type('form').send({ _csrf: agent.csrf, name: 'Nama Tetap', role: 'raja' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="role-error">Pilihan tidak dikenal.');
    expect(bad.text).toContain('value="Nama Tetap"');
    expect(await tokenCount()).toBe(before);
  });

  it.each(['hr', 'sekda', 'opd'] as const)('refuses a %s user', async (role) => {
    const opd = await makeOpd(ctx.db);
    const user = await makeUser(ctx.db, { role, opdId: role === 'opd' ? opd.id : null });
    const agent = await signIn(ctx.app, user.username);
    const before = await tokenCount();
    expect((await agent.get('/admin/tokens')).status).toBe(403);
    const res = await agent.post('/admin/tokens').type('form').send({ _csrf: agent.csrf, name: 'Curian', role: 'admin' });
    expect(res.status).toBe(403);
    expect((await agent.post('/admin/tokens/1/revoke').type('form').send({ _csrf: agent.csrf })).status).toBe(403);
    expect(await tokenCount()).toBe(before);
  });

  it('404 when revoking an unknown token', async () => {
    const { agent } = await admin();
    expect((await agent.post('/admin/tokens/999999/revoke').type('form').send({ _csrf: agent.csrf })).status).toBe(404);
  });
});
