/*
 * A real OpenID Connect provider for the single sign-on tests (test/integration/oidc.test.ts),
 * run in a process of its own: `node test/support/oidc-provider.mjs` with
 *   OP_PORT          the port to listen on (127.0.0.1)
 *   OP_REDIRECT_URI  the Ikrar server's callback, the one redirect URI of the one client
 *   OP_CLIENT_ID, OP_CLIENT_SECRET
 * oidc-provider is published as ES modules only, hence a plain .mjs script.
 *
 * Sign-in uses oidc-provider's development interactions: a form where any login and any
 * password work. The login chooses the account's claims, so a test can be anyone:
 *   "nip-<NIP>"  an account whose nip claim is <NIP>
 *   anything else  an account without a nip claim
 * Prints "listening <issuer>" once it accepts requests.
 */
import Provider from 'oidc-provider';

const port = Number(process.env.OP_PORT);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OP_CLIENT_ID,
      client_secret: process.env.OP_CLIENT_SECRET,
      redirect_uris: [process.env.OP_REDIRECT_URI],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  // The nip claim comes with the openid scope: released through userinfo, as Keycloak's
  // custom attribute mappers often do, so the client's userinfo path is exercised too.
  claims: { openid: ['sub', 'nip'], profile: ['name', 'preferred_username'] },
  async findAccount(_ctx, sub) {
    const nip = /^nip-(.+)$/.exec(sub)?.[1];
    return {
      accountId: sub,
      async claims() {
        return { sub, name: `Akun ${sub}`, preferred_username: sub, ...(nip ? { nip } : {}) };
      },
    };
  },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['ikrar-test-provider-cookie-key'] },
});
// Development interactions warn about being for development only; the warning is noise here.
provider.on('server_error', (_ctx, err) => console.error('provider server_error', err));

provider.listen(port, '127.0.0.1', () => console.log(`listening ${issuer}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => process.exit(0));
