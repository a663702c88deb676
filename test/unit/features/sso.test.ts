import { ConfigError, loadConfig } from '../../../src/config';
import { nipOf } from '../../../src/features/sso/sso.service';

const NIP = '198503122010011003';

describe('single sign-on: where the NIP comes from', () => {
  const cfg = { nipClaim: 'nip', nipFromUsername: false };

  it('reads the configured claim, normalised as a typed NIP is', () => {
    expect(nipOf({ nip: NIP }, cfg)).toBe(NIP);
    expect(nipOf({ nip: '19850312 201001 1 003' }, cfg)).toBe(NIP);
    expect(nipOf({ nip_asn: NIP }, { ...cfg, nipClaim: 'nip_asn' })).toBe(NIP);
  });

  it('refuses a NIP sent as a number: its last digits are already lost', () => {
    expect(nipOf({ nip: Number(NIP) }, cfg)).toBeNull();
  });

  it('falls back to preferred_username only when the setting says so', () => {
    expect(nipOf({ preferred_username: NIP }, cfg)).toBeNull();
    expect(nipOf({ preferred_username: NIP }, { ...cfg, nipFromUsername: true })).toBe(NIP);
    expect(nipOf({ nip: '', preferred_username: NIP }, { ...cfg, nipFromUsername: true })).toBeNull();
  });
});

describe('single sign-on: configuration', () => {
  it('is off without OIDC_ISSUER, with defaults when on', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).oidc).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'test', OIDC_ISSUER: 'https://sso.example.go.id/realms/pemda', OIDC_CLIENT_ID: 'ikrar' }).oidc).toEqual({
      issuer: 'https://sso.example.go.id/realms/pemda',
      clientId: 'ikrar',
      clientSecret: undefined,
      nipClaim: 'nip',
      nipFromUsername: false,
      scopes: 'openid profile',
      label: 'SSO',
    });
  });

  it('needs the issuer and the client id together, and never repeats the secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', OIDC_ISSUER: 'https://sso.example.go.id' })).toThrow(/OIDC_CLIENT_ID/);
    expect(() => loadConfig({ NODE_ENV: 'test', OIDC_CLIENT_ID: 'ikrar' })).toThrow(/OIDC_ISSUER/);
    expect(() => loadConfig({ NODE_ENV: 'test', OIDC_ISSUER: 'bukan url', OIDC_CLIENT_ID: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', OIDC_ISSUER: 'https://x', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'x'.repeat(501) })).toThrow(/^Invalid OIDC_CLIENT_SECRET: (?!.*xxxx)/);
  });
});
