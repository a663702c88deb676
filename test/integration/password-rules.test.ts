import { signIn, TEST_PASSWORD, useTestApp, type Agent } from '../support/app';
import { makeUser } from '../support/factories';

/** The message shown under one field of the account form, or null. */
function fieldError(html: string, field: string): string | null {
  return new RegExp(`id="${field}-error">([^<]*)<`).exec(html)?.[1] ?? null;
}

describe('rules for a new password', () => {
  const ctx = useTestApp();

  const change = (agent: Agent & { csrf: string }, current: string, password: string) =>
    agent.post('/account/password').type('form').send({ _csrf: agent.csrf, current, password, confirm: password });

  async function changedAt(id: number) {
    const row = await ctx.db.selectFrom('users').select('password_changed_at').where('id', '=', id).executeTakeFirstOrThrow();
    return row.password_changed_at;
  }

  it('refuses the current password as the new one', async () => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, user.username);
    const res = await change(agent, TEST_PASSWORD, TEST_PASSWORD);
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'password')).toBe('Kata sandi baru harus berbeda dari kata sandi saat ini.');
    expect(fieldError(res.text, 'current')).toBeNull();
    expect(await changedAt(user.id)).toBeNull();
  });

  it.each([
    ['the username as typed', (u: string) => `${u}-Kopi-Pagi-77`],
    ['the username in upper case', (u: string) => `Kopi${u.toUpperCase()}Pagi77`],
  ])('refuses a password containing %s', async (_label, make) => {
    const user = await makeUser(ctx.db, { role: 'opd', username: `opd-dinkes-${Math.random().toString(36).slice(2, 6)}` });
    const agent = await signIn(ctx.app, user.username);
    const res = await change(agent, TEST_PASSWORD, make(user.username));
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'password')).toBe('Kata sandi tidak boleh memuat nama pengguna.');
    expect(await changedAt(user.id)).toBeNull();
  });

  it('refuses the temporary password an admin saw, also after the user chose another one', async () => {
    const admin = await signIn(ctx.app, (await makeUser(ctx.db, { role: 'admin' })).username);
    const user = await makeUser(ctx.db, { role: 'sekda' });
    const reset = await admin.post(`/admin/users/${user.id}/reset-password`).type('form').send({ _csrf: admin.csrf });
    const temporary = /id="temporary-password">([^<]+)</.exec(reset.text)![1];
    const agent = await signIn(ctx.app, user.username, temporary);

    const same = await change(agent, temporary, temporary);
    expect(same.status).toBe(422);
    expect(fieldError(same.text, 'password')).toMatch(/berbeda dari kata sandi saat ini|sementara dari admin/);

    expect((await change(agent, temporary, 'Kopi-Tubruk-Pagi-2026')).status).toBe(302);
    const back = await change(agent, 'Kopi-Tubruk-Pagi-2026', temporary);
    expect(back.status).toBe(422);
    expect(fieldError(back.text, 'password')).toBe('Kata sandi baru tidak boleh sama dengan kata sandi sementara dari admin.');
  });

  it('gives the message in English when the user reads English', async () => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, user.username);
    await agent.get('/account?lang=en');
    const res = await change(agent, TEST_PASSWORD, TEST_PASSWORD);
    expect(fieldError(res.text, 'password')).toBe('The new password must differ from the current one.');
  });

  it('accepts a password that breaks none of the rules', async () => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const agent = await signIn(ctx.app, user.username);
    expect((await change(agent, TEST_PASSWORD, 'Kopi-Tubruk-Pagi-2026')).status).toBe(302);
    expect(await changedAt(user.id)).not.toBeNull();
  });
});
