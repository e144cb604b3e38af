import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT, UnsecuredJWT } from 'jose';
import request from 'supertest';
import { loadConfig } from '@iln/platform';
import { createTestDatabase, TestDatabase, testRedisUrl, TEST_DATA_KEY_ENCRYPTION_KEY } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

// The OIDC path for real: a key pair made here, its JWKS served on loopback, the API
// verifying tokens against it exactly as it would against an identity provider.
const ISSUER = 'https://idp.test.example/realms/iln';
const AUDIENCE = 'iln-api';
const KID = 'test-key-1';

describe('OIDC bearer tokens', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let jwksServer: Server;
  let privateKey: KeyLike;
  let publicJwk: JWK;
  let otherKey: KeyLike;
  let jwksRequests = 0;

  beforeAll(async () => {
    ({ privateKey, publicKey: publicJwk } = await generateKeyPair('RS256', { extractable: true }).then(async (k) => ({
      privateKey: k.privateKey,
      publicKey: await exportJWK(k.publicKey),
    })));
    otherKey = (await generateKeyPair('RS256')).privateKey;
    jwksServer = createServer((req, res) => {
      jwksRequests += 1;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [{ ...publicJwk, kid: KID, alg: 'RS256', use: 'sig' }] }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const { port } = jwksServer.address() as AddressInfo;
    db = await createTestDatabase();
    const config = loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
      DATA_KEY_ENCRYPTION_KEY: TEST_DATA_KEY_ENCRYPTION_KEY,
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: ISSUER,
      OIDC_AUDIENCE: AUDIENCE,
      OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      LOG_LEVEL: 'silent',
    });
    app = await createApiApp(config, { logs: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((r) => jwksServer?.close(r));
    await db?.drop();
  });

  const claims = { name: 'Sam Carter', roles: ['auditor'], organisation: 'thurrock-council', localities: ['grays'] };
  const now = () => Math.floor(Date.now() / 1000);

  function token(
    overrides: { iss?: string; aud?: string; exp?: number | null; nbf?: number; kid?: string; key?: KeyLike; sub?: string | null } = {},
  ): Promise<string> {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: overrides.kid ?? KID, typ: 'JWT' }).setIssuedAt();
    if (overrides.sub !== null) jwt.setSubject(overrides.sub ?? 'p-grays-1');
    jwt.setIssuer(overrides.iss ?? ISSUER).setAudience(overrides.aud ?? AUDIENCE);
    if (overrides.exp !== null) jwt.setExpirationTime(overrides.exp ?? now() + 300);
    if (overrides.nbf !== undefined) jwt.setNotBefore(overrides.nbf);
    return jwt.sign(overrides.key ?? privateKey);
  }

  // An authenticated route that needs no case data: the auditor's audit log.
  const PROTECTED = '/api/audit/access';

  it('accepts a token signed by the issuer for this audience', async () => {
    const res = await request(app.getHttpServer()).get(PROTECTED).set('Authorization', `Bearer ${await token()}`);
    expect(res.status).toBe(200);
  });

  it('accepts a token within the small clock skew after expiry', async () => {
    const res = await request(app.getHttpServer()).get(PROTECTED).set('Authorization', `Bearer ${await token({ exp: now() - 10 })}`);
    expect(res.status).toBe(200);
  });

  const hmacWithPublicKey = async (): Promise<string> => {
    // Algorithm confusion: HS256 keyed with the public key's bytes, which anyone has.
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: KID }).setSubject('p-1').setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('5m').sign(secret);
  };
  const hmacWithModulus = async (): Promise<string> => {
    const secret = Buffer.from(publicJwk.n!, 'base64url');
    return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: KID }).setSubject('p-1').setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('5m').sign(secret);
  };
  const unsigned = (): string =>
    new UnsecuredJWT(claims).setSubject('p-1').setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('5m').encode();
  const tamperedPayload = async (): Promise<string> => {
    const [h, , s] = (await token()).split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['auditor', 'safeguarding-lead'], sub: 'p-1', iss: ISSUER, aud: AUDIENCE, exp: now() + 300 })).toString('base64url');
    return `${h}.${forged}.${s}`;
  };

  it.each<[string, () => Promise<string> | string]>([
    ['a wrong issuer', () => token({ iss: 'https://evil.example/' })],
    ['a wrong audience', () => token({ aud: 'some-other-api' })],
    ['an expired token (beyond the skew)', () => token({ exp: now() - 120 })],
    ['a token not yet valid (nbf beyond the skew)', () => token({ nbf: now() + 120 })],
    ['no expiry at all', () => token({ exp: null })],
    ['no subject', () => token({ sub: null })],
    ['a signature by another key under the known kid', () => token({ key: otherKey })],
    ['a tampered payload', tamperedPayload],
    ['alg: none', unsigned],
    ['an unknown kid', () => token({ kid: 'not-a-key-we-publish', key: otherKey })],
    ['HS256 keyed with the public JWK (algorithm confusion)', hmacWithPublicKey],
    ['HS256 keyed with the public modulus (algorithm confusion)', hmacWithModulus],
    ['garbage', () => 'not.a.jwt'],
  ])('refuses %s with 401 problem+json', async (_why, make) => {
    const res = await request(app.getHttpServer()).get(PROTECTED).set('Authorization', `Bearer ${await make()}`);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.body).toMatchObject({ status: 401, type: '/problems/invalid-token' });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+|stack/i);
  });

  it('refuses a request with no token with 401', async () => {
    const res = await request(app.getHttpServer()).get(PROTECTED);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status: 401, type: '/problems/unauthenticated' });
  });

  it('does not refetch the JWKS for every unknown kid (cooldown)', async () => {
    const before = jwksRequests;
    for (let i = 0; i < 5; i += 1) {
      const res = await request(app.getHttpServer()).get(PROTECTED).set('Authorization', `Bearer ${await token({ kid: `unknown-${i}`, key: otherKey })}`);
      expect(res.status).toBe(401);
    }
    expect(jwksRequests - before).toBeLessThanOrEqual(1);
  });

  it('answers 404 on the dev-token path, whatever the body', async () => {
    for (const body of [{ sub: 'p-1', name: 'X', roles: ['admin'], organisation: 'o' }, { nonsense: true }]) {
      const res = await request(app.getHttpServer()).post('/api/auth/dev-token').send(body);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('does not accept a dev-mode HS256 token in oidc mode', async () => {
    const secret = new TextEncoder().encode('iln-dev-only-secret-not-for-production');
    const dev = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('p-1').setIssuer('iln-dev').setAudience('iln-api').setIssuedAt().setExpirationTime('5m').sign(secret);
    const res = await request(app.getHttpServer()).get(PROTECTED).set('Authorization', `Bearer ${dev}`);
    expect(res.status).toBe(401);
  });
});
