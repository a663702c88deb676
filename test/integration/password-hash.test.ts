import argon2 from 'argon2';
import { needsNewHash } from '../../src/lib/password';
import { signIn, TEST_PASSWORD, useTestApp } from '../support/app';
import { makeUser } from '../support/factories';

/* Hashes made with older argon2 settings keep working and are replaced at the next sign-in. */
describe('password hashes', () => {
  const ctx = useTestApp();

  it('signs in with a hash of the old, costlier settings and stores one of today\'s instead', async () => {
    const user = await makeUser(ctx.db, { role: 'hr' });
    const old = await argon2.hash(TEST_PASSWORD, { type: argon2.argon2id, memoryCost: 65536, timeCost: 3 });
    await ctx.db.updateTable('users').set({ password_hash: old }).where('id', '=', user.id).execute();
    expect(needsNewHash(old)).toBe(true);

    await signIn(ctx.app, user.username);
    const stored = (await ctx.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()).password_hash;
    expect(stored).not.toBe(old);
    expect(stored).toContain('$m=19456,p=1,t=2$');
    expect(needsNewHash(stored)).toBe(false);
    await signIn(ctx.app, user.username);
  });
});
