import { createLoginLimiter } from '../../../src/features/auth/login-limiter';

describe('login limiter', () => {
  const limits = { perIp: 30, perUser: 8, windowSeconds: 900 };

  it('lets exactly the limit through when 100 attempts on one username arrive at once', async () => {
    const limiter = createLoginLimiter(limits);
    const waits = await Promise.all(Array.from({ length: 100 }, () => limiter.reserve('10.0.0.1', 'hr')));
    expect(waits.filter((w) => w === 0)).toHaveLength(8);
    expect(Math.min(...waits.filter((w) => w > 0))).toBeGreaterThan(0);
  });

  it('lets exactly the address limit through for 100 usernames from one address', async () => {
    const limiter = createLoginLimiter(limits);
    const waits = await Promise.all(Array.from({ length: 100 }, (_, i) => limiter.reserve('10.0.0.2', `user-${i}`)));
    expect(waits.filter((w) => w === 0)).toHaveLength(30);
  });

  it('treats usernames case-insensitively', async () => {
    const limiter = createLoginLimiter({ ...limits, perUser: 2 });
    await limiter.reserve('10.0.0.3', 'Admin');
    await limiter.reserve('10.0.0.4', ' admin ');
    expect(await limiter.reserve('10.0.0.5', 'ADMIN')).toBeGreaterThan(0);
  });

  it('gives the point back and forgets the failures after a right password', async () => {
    const limiter = createLoginLimiter({ perIp: 3, perUser: 2, windowSeconds: 900 });
    expect(await limiter.reserve('10.0.0.6', 'sekda')).toBe(0);
    expect(await limiter.reserve('10.0.0.6', 'sekda')).toBe(0);
    await limiter.succeed('10.0.0.6', 'sekda');
    // Two more for the username (its count was cleared) and the address has given one back.
    expect(await limiter.reserve('10.0.0.6', 'sekda')).toBe(0);
    expect(await limiter.reserve('10.0.0.6', 'sekda')).toBe(0);
    expect(await limiter.reserve('10.0.0.6', 'other')).toBeGreaterThan(0);
  });

  it('does not charge the address for an attempt the username limit refused', async () => {
    const limiter = createLoginLimiter({ perIp: 3, perUser: 1, windowSeconds: 900 });
    expect(await limiter.reserve('10.0.0.7', 'locked')).toBe(0);
    for (let i = 0; i < 5; i++) expect(await limiter.reserve('10.0.0.7', 'locked')).toBeGreaterThan(0);
    expect(await limiter.reserve('10.0.0.7', 'a')).toBe(0);
    expect(await limiter.reserve('10.0.0.7', 'b')).toBe(0);
  });
});
