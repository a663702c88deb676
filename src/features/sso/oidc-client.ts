import type { OidcConfig } from '../../config';

type OpenIdClient = typeof import('openid-client');
type Configuration = import('openid-client').Configuration;

/*
 * openid-client (v6) is published as ES modules only, and this project compiles to CommonJS:
 * TypeScript and tsx would both turn a plain `await import('openid-client')` into require(),
 * which Node 20 refuses for an ES module. A Function built at run time keeps a real import()
 * that no compiler rewrites. The module is loaded only when single sign-on is first used, so
 * an instance without it never loads it (nor do the tests that run the app inside Jest).
 */
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<OpenIdClient>;

let loaded: Promise<OpenIdClient> | undefined;
function library(): Promise<OpenIdClient> {
  loaded ??= importEsm('openid-client');
  return loaded;
}

/** Seconds to wait for the provider on each request: a hung provider must not hang the sign-in page. */
const TIMEOUT_S = 10;

/** The provider cannot be reached (down, timed out, answering 5xx or not OpenID at all). */
export class ProviderUnavailableError extends Error {}

/** The provider answered, but this sign-in is not valid (state, nonce, code, signature, refusal). */
export class SignInRefusedError extends Error {
  constructor(
    message: string,
    /** The provider said no (the user cancelled or may not use this client). */
    readonly denied = false,
  ) {
    super(message);
  }
}

/** What the browser's session keeps between the redirect to the provider and the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
}

export interface OidcClient {
  /** The provider's sign-in address for a new sign-in, and what to keep in the session for it. */
  start(redirectUri: string): Promise<{ url: string; pending: PendingSignIn }>;
  /** Checks the provider's answer (`callbackUrl`, with its query) and returns the user's claims. */
  finish(callbackUrl: URL, pending: PendingSignIn): Promise<Record<string, unknown>>;
}

/**
 * A client for one provider. Discovery happens on first use and its result is kept; a failed
 * discovery is not kept, so the next sign-in tries again once the provider is back.
 */
export function oidcClient(cfg: OidcConfig): OidcClient {
  let discovered: Promise<Configuration> | undefined;

  async function configuration(): Promise<{ lib: OpenIdClient; config: Configuration }> {
    const lib = await library();
    discovered ??= discover(lib, cfg).catch((err) => {
      discovered = undefined;
      throw err;
    });
    return { lib, config: await discovered };
  }

  return {
    async start(redirectUri) {
      const { lib, config } = await configuration();
      const pending = { state: lib.randomState(), nonce: lib.randomNonce(), verifier: lib.randomPKCECodeVerifier() };
      const url = lib.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: cfg.scopes,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await lib.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, pending };
    },

    async finish(callbackUrl, pending) {
      const { lib, config } = await configuration();
      try {
        const tokens = await lib.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        const idClaims = tokens.claims();
        if (!idClaims) throw new SignInRefusedError('no ID token');
        // Many providers (Keycloak by default, oidc-provider) release extra claims only through
        // userinfo; it is asked only when the ID token lacks the NIP, for the same subject.
        if (idClaims[cfg.nipClaim] !== undefined || !tokens.access_token || !config.serverMetadata().userinfo_endpoint) return idClaims;
        const info = await lib.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        return { ...info, ...idClaims };
      } catch (err) {
        throw err instanceof SignInRefusedError ? err : classify(lib, err);
      }
    },
  };
}

async function discover(lib: OpenIdClient, cfg: OidcConfig): Promise<Configuration> {
  // A provider on plain http (an intranet Keycloak, the tests' provider) is the administrator's
  // explicit choice in OIDC_ISSUER; openid-client refuses http unless told to allow it.
  const insecure = new URL(cfg.issuer).protocol === 'http:';
  const auth = cfg.clientSecret ? lib.ClientSecretPost(cfg.clientSecret) : lib.None();
  try {
    const config = await lib.discovery(new URL(cfg.issuer), cfg.clientId, undefined, auth, {
      timeout: TIMEOUT_S,
      execute: insecure ? [lib.allowInsecureRequests] : [],
    });
    config.timeout = TIMEOUT_S;
    return config;
  } catch (err) {
    throw new ProviderUnavailableError(`OpenID discovery of ${cfg.issuer} failed: ${(err as Error).message}`, { cause: err });
  }
}

/** Whether a failed code exchange means "provider unreachable" (503) or "this answer is not valid" (400). */
function classify(lib: OpenIdClient, err: unknown): Error {
  if (err instanceof lib.AuthorizationResponseError) {
    return new SignInRefusedError(`provider refused: ${err.error}`, err.error === 'access_denied' || err.error === 'login_required');
  }
  if (err instanceof lib.ResponseBodyError) return new SignInRefusedError(`token endpoint: ${err.error}`);
  const code = (err as { code?: string }).code ?? '';
  const unreachable =
    err instanceof TypeError || // fetch failed: refused, reset, DNS
    (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) ||
    code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || // a 5xx or an HTML error page
    code === 'OAUTH_RESPONSE_IS_NOT_JSON';
  if (unreachable) return new ProviderUnavailableError(`provider unreachable: ${(err as Error).message}`, { cause: err });
  return new SignInRefusedError(`invalid sign-in: ${(err as Error).message}`);
}
