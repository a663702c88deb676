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
    [{ DATABASE_URL: 'mysql://x/y' }, /^Invalid DATABASE_URL="mysql:\/\/x\/y": a SQLite file path, or postgres/],
    [{ DATABASE_URL: 'postgres://host-without-db' }, /^Invalid DATABASE_URL=/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid LOG_LEVEL="loud": allowed: fatal/],
    [{ DEFAULT_LANGUAGE: 'jv' }, /^Invalid DEFAULT_LANGUAGE="jv": allowed: id, en$/],
  ])('refuses %p with one line naming the variable', (env, message) => {
    expect(() => loadConfig({ NODE_ENV: 'test', ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', ...env })).toThrow(message);
  });

  it('requires a long SESSION_SECRET in production and never seeds demo data there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET.*required in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' })).toThrow(/at least 32/);
    const c = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DEMO: '1' });
    expect(c.demo).toBe(false);
  });
});
