import request from 'supertest';
import { csrfOf, signIn, useTestApp } from '../support/app';
import { makeOpd, makeUser } from '../support/factories';
import { auditRows } from '../support/reads';

describe('user accounts (admin)', () => {
  const ctx = useTestApp();

  const userCount = async () => Number((await ctx.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const sessionsOf = async (userId: number) => ctx.db.selectFrom('login_sessions').select('sid').where('user_id', '=', userId).execute();
  const temporaryPasswordIn = (html: string) => /<code id="temporary-password">([^<]+)<\/code>/.exec(html)?.[1] ?? '';

  async function admin() {
    const user = await makeUser(ctx.db, { role: 'admin' });
    return { user, agent: await signIn(ctx.app, user.username) };
  }

  /** Signs in with a password other than the factories' one; returns the agent. */
  async function signInWith(username: string, password: string) {
    const agent = request.agent(ctx.app);
    const page = await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ username, password, _csrf: csrfOf(page.text) });
    return { agent, res };
  }

  it.each(['hr', 'sekda', 'opd'] as const)('refuses a %s user on every route', async (role) => {
    const opd = await makeOpd(ctx.db);
    const user = await makeUser(ctx.db, { role, opdId: role === 'opd' ? opd.id : null });
    const target = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, user.username);
    const before = await userCount();
    expect((await agent.get('/admin/users')).status).toBe(403);
    expect((await agent.get(`/admin/users/${target.id}`)).status).toBe(403);
    const posts = await Promise.all([
      agent.post('/admin/users').type('form').send({ _csrf: agent.csrf, username: 'baru-x', display_name: 'X', role: 'admin' }),
      agent.post(`/admin/users/${target.id}`).type('form').send({ _csrf: agent.csrf, display_name: 'X', role: 'admin' }),
      agent.post(`/admin/users/${target.id}/disable`).type('form').send({ _csrf: agent.csrf }),
      agent.post(`/admin/users/${target.id}/reset-password`).type('form').send({ _csrf: agent.csrf }),
    ]);
    expect(posts.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(await userCount()).toBe(before);
    const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'hr', active: 1, must_change_password: 0, password_hash: target.password_hash });
  });

  it('creates an account with a temporary password shown once, which must be changed at first sign-in', async () => {
    const opd = await makeOpd(ctx.db);
    const { agent } = await admin();
    const res = await agent.post('/admin/users').type('form').send({
      _csrf: agent.csrf,
      username: 'OPD-Baru.Satu',
      display_name: 'Operator Baru',
      email: 'operator@contoh.go.id',
      role: 'opd',
      opd_id: String(opd.id),
    });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const password = temporaryPasswordIn(res.text);
    expect(password).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    const row = await ctx.db.selectFrom('users').selectAll().where('username', '=', 'opd-baru.satu').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'opd', opd_id: opd.id, must_change_password: 1, active: 1, email: 'operator@contoh.go.id' });
    expect(row.password_hash).not.toContain(password);
    expect((await auditRows(ctx.db, 'user', row.id)).map((a) => a.action)).toEqual(['create']);
    // the list never shows it again
    expect((await agent.get('/admin/users')).text).not.toContain(password);

    const { agent: newcomer, res: login } = await signInWith('opd-baru.satu', password);
    expect(login.status).toBe(302);
    for (const path of ['/', '/employees', '/opds', `/opds/${opd.code}`, '/audit']) {
      const r = await newcomer.get(path);
      expect([path, r.status, r.headers.location]).toEqual([path, 302, '/account']);
    }
    const account = await newcomer.get('/account');
    expect(account.status).toBe(200);
    expect(account.text).toContain('Ganti kata sandi sebelum melanjutkan.');
    const csrf = csrfOf(account.text);
    const changed = await newcomer.post('/account/password').type('form').send({ _csrf: csrf, current: password, password: 'kata-sandi-baru-2026', confirm: 'kata-sandi-baru-2026' });
    expect(changed.status).toBe(302);
    expect((await newcomer.get('/employees')).status).toBe(200);
  });

  it('lets a user who must change the password still sign out', async () => {
    const user = await makeUser(ctx.db, { role: 'hr', mustChange: 1 });
    const agent = await signIn(ctx.app, user.username);
    expect((await agent.get('/employees')).headers.location).toBe('/account');
    const out = await agent.post('/logout').type('form').send({ _csrf: agent.csrf });
    expect(out.headers.location).toBe('/login');
    expect((await agent.get('/static/app.css')).status).toBe(200);
  });

  it('re-renders the form with a message per field and the input kept', async () => {
    await makeUser(ctx.db, { role: 'hr', username: 'sudah-ada' });
    const { agent } = await admin();
    const before = await userCount();
    const bad = await agent.post('/admin/users').type('form').send({ _csrf: agent.csrf, username: 'a b', display_name: '', email: 'bukan-email', role: 'opd', opd_id: '' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="username-error">3–50 huruf kecil');
    expect(bad.text).toContain('id="display_name-error">Wajib diisi.');
    expect(bad.text).toContain('id="email-error">Alamat email tidak valid.');
    expect(bad.text).toContain('id="opd_id-error">Pilih OPD untuk Operator OPD.');
    expect(bad.text).toContain('value="bukan-email"');
    const taken = await agent.post('/admin/users').type('form').send({ _csrf: agent.csrf, username: 'Sudah-Ada', display_name: 'Dua', role: 'hr' });
    expect(taken.status).toBe(422);
    expect(taken.text).toContain('Nama pengguna ini sudah dipakai.');
    expect(await userCount()).toBe(before);
  });

  it('edits role, unit, name and email; a new role ends the user’s sessions', async () => {
    const opd = await makeOpd(ctx.db);
    const target = await makeUser(ctx.db, { role: 'sekda' });
    const targetAgent = await signIn(ctx.app, target.username);
    const { agent } = await admin();
    const res = await agent.post(`/admin/users/${target.id}`).type('form').send({
      _csrf: agent.csrf,
      display_name: 'Operator Dinas',
      email: '',
      role: 'opd',
      opd_id: String(opd.id),
    });
    expect(res.status).toBe(302);
    const row = await ctx.db.selectFrom('users').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ display_name: 'Operator Dinas', role: 'opd', opd_id: opd.id, email: null });
    const [audit] = await auditRows(ctx.db, 'user', target.id);
    expect(JSON.parse(audit.after!)).toEqual({ display_name: 'Operator Dinas', role: 'opd', opd_id: opd.id });
    expect(await sessionsOf(target.id)).toEqual([]);
    expect((await targetAgent.get('/account')).status).toBe(302);
  });

  it('disabling a user signs them out at once; the account can be enabled again', async () => {
    const target = await makeUser(ctx.db, { role: 'hr' });
    const targetAgent = await signIn(ctx.app, target.username);
    expect((await targetAgent.get('/account')).status).toBe(200);
    const { agent } = await admin();
    await agent.post(`/admin/users/${target.id}/disable`).type('form').send({ _csrf: agent.csrf }).expect(302);
    expect(await sessionsOf(target.id)).toEqual([]);
    const after = await targetAgent.get('/account');
    expect(after.status).toBe(302);
    expect(after.headers.location).toMatch(/^\/login/);
    const { res: again } = await signInWith(target.username, 'uji-coba-rahasia-2026');
    expect(again.status).toBe(401);

    await agent.post(`/admin/users/${target.id}/enable`).type('form').send({ _csrf: agent.csrf }).expect(302);
    expect((await signInWith(target.username, 'uji-coba-rahasia-2026')).res.status).toBe(302);
    expect((await auditRows(ctx.db, 'user', target.id)).map((a) => a.action)).toEqual(['disable', 'enable']);
  });

  it('keeps an admin: no disabling oneself, no demoting the last active admin', async () => {
    const others = await ctx.db.selectFrom('users').select('id').where('role', '=', 'admin').execute();
    await ctx.db.updateTable('users').set({ active: 0 }).where('role', '=', 'admin').execute();
    const { user, agent } = await admin();
    const self = await agent.post(`/admin/users/${user.id}/disable`).type('form').send({ _csrf: agent.csrf });
    expect(self.status).toBe(422);
    expect(self.text).toContain('Anda tidak dapat menonaktifkan akun Anda sendiri.');
    const demote = await agent.post(`/admin/users/${user.id}`).type('form').send({ _csrf: agent.csrf, display_name: 'X', role: 'hr' });
    expect(demote.status).toBe(422);
    expect(demote.text).toContain('Ini administrator aktif terakhir');
    expect((await ctx.db.selectFrom('users').select(['role', 'active']).where('id', '=', user.id).executeTakeFirstOrThrow())).toEqual({ role: 'admin', active: 1 });
    if (others.length) await ctx.db.updateTable('users').set({ active: 1 }).where('id', 'in', others.map((o) => o.id)).execute();
  });

  it('resets a password: shown once, the old one stops working, sessions end, a change is forced', async () => {
    const target = await makeUser(ctx.db, { role: 'hr' });
    const targetAgent = await signIn(ctx.app, target.username);
    const { agent } = await admin();
    const res = await agent.post(`/admin/users/${target.id}/reset-password`).type('form').send({ _csrf: agent.csrf });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const password = temporaryPasswordIn(res.text);
    expect(password).not.toBe('');
    expect((await targetAgent.get('/account')).status).toBe(302);
    expect((await signInWith(target.username, 'uji-coba-rahasia-2026')).res.status).toBe(401);
    const { agent: fresh, res: login } = await signInWith(target.username, password);
    expect(login.status).toBe(302);
    expect((await fresh.get('/employees')).headers.location).toBe('/account');
    expect((await auditRows(ctx.db, 'user', target.id)).map((a) => a.action)).toEqual(['reset_password']);
  });

  it('lists and searches accounts, 404 for an unknown one', async () => {
    await makeUser(ctx.db, { role: 'hr', username: 'cari-saya-uji' });
    const { agent } = await admin();
    const list = await agent.get('/admin/users?q=CARI-saya');
    expect(list.text).toContain('cari-saya-uji');
    expect((await agent.get('/admin/users/999999')).status).toBe(404);
    expect((await agent.get('/admin/users/abc')).status).toBe(404);
  });
});
