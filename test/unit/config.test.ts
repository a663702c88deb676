import { ConfigError, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({ NODE_ENV: 'test' });
    expect(c).toMatchObject({ port: 3000, databaseUrl: 'data/ikrar.db', dialect: 'sqlite', timezone: 'Asia/Jakarta', defaultLanguage: 'id' });
  });

  it('treats empty values as unset, as a copied .env.example has them', () => {
    expect(loadConfig({ NODE_ENV: 'test', PORT: '', TIMEZONE: '' }).port).toBe(3000);
  });

  it('picks PostgreSQL from a postgres:// URL', () => {
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://u@h:5432/db' }).dialect).toBe('postgres');
  });

  it.each([
    [{ TIMEZONE: 'Europe/Paris' }, /^Invalid TIMEZONE="Europe\/Paris": allowed: Asia\/Jakarta, Asia\/Pontianak, Asia\/Makassar, Asia\/Jayapura$/],
    [{ PORT: '70000' }, /^Invalid PORT="70000": allowed: 1-65535$/],
    [{ PORT: 'abc' }, /^Invalid PORT="abc"/],
    [{ DATABASE_URL: 'mysql://x/y' }, /^Invalid DATABASE_URL: a SQLite file path, or postgres/],
    [{ DATABASE_URL: 'postgres://host-without-db' }, /^Invalid DATABASE_URL: /],
    [{ LOG_LEVEL: 'loud' }, /^Invalid LOG_LEVEL="loud": allowed: fatal/],
    [{ DEFAULT_LANGUAGE: 'jv' }, /^Invalid DEFAULT_LANGUAGE="jv": allowed: id, en$/],
  ])('refuses %p with one line naming the variable', (env, message) => {
    expect(() => loadConfig({ NODE_ENV: 'test', ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', ...env })).toThrow(message);
  });

  const secrets: [string, Record<string, string>, string, RegExp][] = [
    ['SESSION_SECRET', { SESSION_SECRET: 'kunci-rahasia-pendek' }, 'kunci-rahasia-pendek', /^Invalid SESSION_SECRET: at least 32 characters$/],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://ikrar:Sandi-Basis-Data-99@db.pemda.go.id/ikrar' }, 'Sandi-Basis-Data-99', /^Invalid DATABASE_URL: a SQLite file path, or postgres:\/\/user@host:port\/database$/],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://ikrar:Sandi-Basis-Data-99@db.pemda.go.id' }, 'Sandi-Basis-Data-99', /^Invalid DATABASE_URL: /],
    ['SMTP_URL', { SMTP_URL: 'http://mailer:Sandi-Surel-77@mail.pemda.go.id' }, 'Sandi-Surel-77', /^Invalid SMTP_URL: smtp:\/\/user:pass@host:port or smtps:\/\/…$/],
  ];
  it.each(secrets)('names %s and what is allowed, never its value', (_name, env, secret, message) => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'test', ...env });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as Error).message;
    expect(text).toMatch(message);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(Object.values(env)[0]);
    expect(text.split('\n')).toHaveLength(1);
  });

  it('requires a long SESSION_SECRET in production and never seeds demo data there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET.*required in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' })).toThrow(/at least 32/);
    const c = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DEMO: '1' });
    expect(c.demo).toBe(false);
  });
});
