// A small OIDC provider on loopback for the web app's sign-in test (oidc-provider 9, an
// ES module, so a child process of its own). Authorization code + PKCE for the public
// client `iln-web`; access tokens are JWTs for the API (audience iln-api) carrying the
// claims the API reads. Its development login page takes any name: the account id is the
// login typed, and the claims come from ACCOUNTS below.
// Usage: node oidc-provider.mjs <port> <redirect uri>
import process from 'node:process';
import Provider from 'oidc-provider';

const [port, redirectUri] = [Number(process.argv[2]), process.argv[3]];
const issuer = `http://127.0.0.1:${port}`;
const ACCOUNTS = {
  'p-grays-3': { name: 'Taylor Exampleton', roles: ['team-manager'], organisation: 'thurrock-council', teams: ['cls-grays'], localities: ['grays'] },
};
const claimsOf = (id) => ({ sub: id, ...(ACCOUNTS[id] ?? { name: id, roles: [], organisation: '', teams: [], localities: [] }) });

const provider = new Provider(issuer, {
  clients: [{ client_id: 'iln-web', token_endpoint_auth_method: 'none', redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
  cookies: { keys: ['a-test-cookie-key-for-loopback-only'] },
  claims: { openid: ['sub'], profile: ['name'], iln: ['roles', 'organisation', 'teams', 'localities'] },
  scopes: ['openid', 'profile', 'iln', 'api'],
  conformIdTokenClaims: false,
  findAccount: (_ctx, id) => ({ accountId: id, claims: () => claimsOf(id) }),
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:iln:api',
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'api', audience: 'iln-api', accessTokenFormat: 'jwt', accessTokenTTL: 600, jwt: { sign: { alg: 'RS256' } } }),
    },
  },
  extraTokenClaims: (_ctx, token) => {
    const claims = claimsOf(token.accountId);
    delete claims.sub;
    return claims;
  },
  pkce: { required: () => true },
});
provider.listen(port, '127.0.0.1', () => process.stdout.write(`oidc-provider on ${issuer}\n`));
