import type { WebConfig } from './config';
import type { SessionUser } from './app';
import type { Role } from '@iln/case-coordination/access/principal';

/** Authorization code + PKCE against the configured issuer (UI.md "Signing in"). */
export interface OidcSignIn {
  start(): Promise<{ url: string; state: { state: string; codeVerifier: string; nonce: string } }>;
  finish(callbackUrl: URL, pending: { state: string; codeVerifier: string; nonce: string }): Promise<{ user: SessionUser; accessToken: string }>;
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

export async function oidcSignIn(config: WebConfig): Promise<OidcSignIn> {
  const settings = config.oidc!;
  // openid-client 6 is an ES module: loaded here, in the compiled process only.
  const client = await import('openid-client');
  const issuer = new URL(settings.issuer);
  const loopback = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  const configuration = await client.discovery(
    issuer,
    settings.clientId,
    settings.clientSecret,
    settings.clientSecret ? undefined : client.None(),
    loopback ? { execute: [client.allowInsecureRequests] } : undefined,
  );
  const redirectUri = `${config.publicUrl}/sign-in/callback`;
  return {
    async start() {
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri,
        scope: settings.scope,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, state: { state, codeVerifier, nonce } };
    },
    async finish(callbackUrl, pending) {
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims() ?? ({} as Record<string, unknown>);
      const name = typeof claims.name === 'string' ? claims.name : String(claims.sub);
      const roles = asList(claims.roles) as Role[];
      const localities = asList(claims.localities);
      const user: SessionUser = {
        id: String(claims.sub),
        name,
        roles,
        organisation: typeof claims.organisation === 'string' ? claims.organisation : '',
        teams: asList(claims.teams),
        localities,
        label: `${name}, ${roles.map((r) => r.replace(/-/g, ' ')).join(' and ')}`,
      };
      return { user, accessToken: tokens.access_token };
    },
  };
}
