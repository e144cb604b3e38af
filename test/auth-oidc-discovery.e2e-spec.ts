import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { exportJWK, generateKeyPair, JWK, JWTPayload, KeyLike, SignJWT } from 'jose';
import { Pool } from 'pg';
import request from 'supertest';
import { loadConfig } from '@iln/platform';
import { upsertReferenceData } from '@iln/case-coordination';
import { createTestDatabase, freePort, TestDatabase, testRedisUrl, waitFor, TEST_DATA_KEY_ENCRYPTION_KEY } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

// OIDC as councils run it: an identity provider on loopback publishing a discovery
// document and a JWKS, as Keycloak and Entra ID do, and the API configured only with
// the issuer and where in the token each claim lives.
const AUDIENCE = 'iln-api';
const KID = 'idp-key-1';

interface Realm {
  /** What the discovery document says its issuer is (default: the issuer it was asked for). */
  docIssuer?: string;
  /** Where the discovery document says the keys are (default: this realm's /certs). */
  jwksUri?: string;
  /** HTTP status of the discovery document (default 200). */
  discoveryStatus?: number;
}

/** One HTTP server, several issuers under it: `http://127.0.0.1:<port>/<realm>`. */
class LocalIdp {
  readonly hits: Record<string, number> = {};
  readonly realms: Record<string, Realm> = {};
  private server!: Server;
  private jwk!: JWK;
  privateKey!: KeyLike;
  base = '';

  async start(): Promise<void> {
    const pair = await generateKeyPair('RS256', { extractable: true });
    this.privateKey = pair.privateKey;
    this.jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
    this.server = createServer((req, res) => {
      const path = req.url ?? '';
      this.hits[path] = (this.hits[path] ?? 0) + 1;
      const [, realmName, ...rest] = path.split('/');
      const realm = this.realms[realmName];
      const tail = `/${rest.join('/')}`;
      res.setHeader('Content-Type', 'application/json');
      if (realm && tail === '/.well-known/openid-configuration') {
        res.statusCode = realm.discoveryStatus ?? 200;
        const issuer = this.issuer(realmName);
        res.end(
          JSON.stringify({
            issuer: realm.docIssuer ?? issuer,
            jwks_uri: realm.jwksUri ?? `${issuer}/certs`,
            authorization_endpoint: `${issuer}/auth`,
          }),
        );
      } else if (realm && tail === '/certs') {
        res.end(JSON.stringify({ keys: [this.jwk] }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  issuer(realm: string): string {
    return `${this.base}/${realm}`;
  }

  token(issuer: string, claims: JWTPayload, key: KeyLike = this.privateKey): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

describe('OIDC through the issuer’s discovery document', () => {
  const idp = new LocalIdp();
  let db: TestDatabase;
  let pool: Pool;
  const apps: INestApplication[] = [];

  async function startApi(
    issuer: string,
    env: Record<string, string> = {},
  ): Promise<INestApplication> {
    const config = loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
      DATA_KEY_ENCRYPTION_KEY: TEST_DATA_KEY_ENCRYPTION_KEY,
      LOG_LEVEL: 'silent',
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: issuer,
      OIDC_AUDIENCE: AUDIENCE,
      ...env,
    });
    const app = await createApiApp(config, { logs: false });
    await app.init();
    apps.push(app);
    return app;
  }

  /** The audit row a request left, found by the request id it was sent with. */
  async function auditRow(requestId: string) {
    const { rows } = await pool.query<{
      principal_id: string | null;
      roles: string[];
      organisation: string | null;
      outcome: number;
      action: string;
    }>(
      'SELECT principal_id, roles, organisation, outcome, action FROM audit.access_audit WHERE request_id = $1',
      [requestId],
    );
    return rows;
  }

  beforeAll(async () => {
    await idp.start();
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 2 });
    await upsertReferenceData(pool);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await pool?.end();
    await db?.drop();
    await idp.stop();
  });

  const openCase = (localityId: string) => ({
    resident: { givenName: 'Oidc', familyName: 'Resident', dateOfBirth: '1940-01-01' },
    localityId,
    source: 'gp',
    reason: 'Falls at home',
  });

  describe('Keycloak: realm roles and attributes under nested claims', () => {
    let app: INestApplication;
    let issuer: string;
    beforeAll(async () => {
      idp.realms.keycloak = {};
      issuer = idp.issuer('keycloak');
      app = await startApi(issuer, {
        OIDC_CLAIM_ROLES: 'realm_access.roles',
        OIDC_CLAIM_ORGANISATION: 'iln.organisation',
        OIDC_CLAIM_LOCALITIES: 'iln.localities',
      });
    });

    const kc = (sub: string, roles: string[] | undefined, localities: string[] = []) =>
      idp.token(issuer, {
        sub,
        name: 'Kay Cloak',
        ...(roles
          ? { realm_access: { roles: ['offline_access', 'uma_authorization', ...roles] } }
          : {}),
        iln: { organisation: 'thurrock-council', localities },
      });

    it('finds the JWKS through discovery, once, and accepts the issuer’s tokens', async () => {
      for (let i = 0; i < 3; i += 1) {
        const res = await request(app.getHttpServer())
          .get('/api/audit/access')
          .set('Authorization', `Bearer ${await kc('kc-auditor', ['auditor'])}`);
        expect(res.status).toBe(200);
      }
      expect(idp.hits['/keycloak/.well-known/openid-configuration']).toBe(1);
      expect(idp.hits['/keycloak/certs']).toBe(1);
    });

    it('asks for the discovery document once when the first callers arrive together', async () => {
      idp.realms['keycloak-2'] = {};
      const second = idp.issuer('keycloak-2');
      const fresh = await startApi(second, { OIDC_CLAIM_ROLES: 'realm_access.roles' });
      const token = await idp.token(second, {
        sub: 'kc-auditor',
        realm_access: { roles: ['auditor'] },
      });
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          request(fresh.getHttpServer())
            .get('/api/audit/access')
            .set('Authorization', `Bearer ${token}`),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
      expect(idp.hits['/keycloak-2/.well-known/openid-configuration']).toBe(1);
    });

    it('reads localities from a nested claim: a practitioner opens cases only where they work', async () => {
      const token = await kc('kc-practitioner', ['practitioner'], ['grays']);
      const inGrays = await request(app.getHttpServer())
        .post('/api/cases')
        .set('Authorization', `Bearer ${token}`)
        .send(openCase('grays'));
      expect(inGrays.status).toBe(201);
      const inAsop = await request(app.getHttpServer())
        .post('/api/cases')
        .set('Authorization', `Bearer ${token}`)
        .send(openCase('asop'));
      expect(inAsop.status).toBe(403);
    });

    it('records who was refused, with the organisation read from its nested claim', async () => {
      const res = await request(app.getHttpServer())
        .get('/api/audit/access')
        .set('Authorization', `Bearer ${await kc('kc-admin', ['admin'])}`)
        .set('X-Request-Id', 'kc-refused-1');
      expect(res.status).toBe(403);
      expect(await auditRow('kc-refused-1')).toEqual([
        {
          principal_id: 'kc-admin',
          roles: ['admin'],
          organisation: 'thurrock-council',
          outcome: 403,
          action: 'GET /api/audit/access',
        },
      ]);
    });

    it('refuses a genuine user whose token has no roles claim with 403, and audits it', async () => {
      const res = await request(app.getHttpServer())
        .get('/api/cases')
        .set('Authorization', `Bearer ${await kc('kc-nobody', undefined, ['grays'])}`)
        .set('X-Request-Id', 'kc-no-role-1');
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 403, type: '/problems/no-role' });
      expect(await auditRow('kc-no-role-1')).toEqual([
        expect.objectContaining({ principal_id: 'kc-nobody', roles: [], outcome: 403 }),
      ]);
    });

    it('takes roles only from where it was told: a top-level roles claim grants nothing', async () => {
      const token = await idp.token(issuer, {
        sub: 'kc-sneaky',
        roles: ['auditor'],
        realm_access: { roles: ['offline_access'] },
      });
      const res = await request(app.getHttpServer())
        .get('/api/audit/access')
        .set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(403);
    });
  });

  describe('Entra ID: subject from oid, app roles in roles', () => {
    let app: INestApplication;
    let issuer: string;
    beforeAll(async () => {
      idp.realms['tenant-1'] = {};
      issuer = `${idp.issuer('tenant-1')}`;
      app = await startApi(issuer, {
        OIDC_CLAIM_SUB: 'oid',
        OIDC_CLAIM_ORGANISATION: 'extn.organisation',
      });
    });

    it('identifies the caller by oid, not by the pairwise sub', async () => {
      const token = await idp.token(issuer, {
        sub: 'pairwise-abc',
        oid: 'oid-0001',
        roles: ['admin'],
        'extn.organisation': 'thurrock-council',
      });
      const res = await request(app.getHttpServer())
        .get('/api/audit/access')
        .set('Authorization', `Bearer ${token}`)
        .set('X-Request-Id', 'entra-1');
      expect(res.status).toBe(403);
      expect(await auditRow('entra-1')).toEqual([
        expect.objectContaining({
          principal_id: 'oid-0001',
          organisation: 'thurrock-council',
          roles: ['admin'],
        }),
      ]);
      const auditor = await idp.token(issuer, {
        sub: 'pairwise-def',
        oid: 'oid-0002',
        roles: ['auditor'],
      });
      expect(
        (
          await request(app.getHttpServer())
            .get('/api/audit/access')
            .set('Authorization', `Bearer ${auditor}`)
        ).status,
      ).toBe(200);
    });

    it('refuses a token without the configured subject claim with 401, even with a sub', async () => {
      const token = await idp.token(issuer, { sub: 'pairwise-abc', roles: ['auditor'] });
      const res = await request(app.getHttpServer())
        .get('/api/audit/access')
        .set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ type: '/problems/invalid-token' });
    });
  });

  describe('when the identity provider cannot be asked', () => {
    const expect503 = (res: request.Response) => {
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.body).toMatchObject({
        status: 503,
        type: '/problems/identity-provider-unavailable',
      });
    };

    it('answers 503, not 401, while the issuer is unreachable; a bad token is still 401', async () => {
      const closed = `http://127.0.0.1:${await freePort()}/realms/gone`;
      const app = await startApi(closed);
      const token = await idp.token(closed, { sub: 'p-1', roles: ['auditor'] });
      expect503(
        await request(app.getHttpServer())
          .get('/api/audit/access')
          .set('Authorization', `Bearer ${token}`),
      );
      const garbage = await request(app.getHttpServer())
        .get('/api/audit/access')
        .set('Authorization', 'Bearer not.a.jwt');
      expect(garbage.status).toBe(401);
      const metrics = await request(app.getHttpServer()).get('/metrics');
      expect(metrics.text).toMatch(/^auth_identity_provider_unavailable_total(\{[^}]*\})? [1-9]/m);
      expect((await request(app.getHttpServer()).get('/api/audit/access')).status).toBe(401);
    });

    it('answers 503 when discovery works but the JWKS does not', async () => {
      idp.realms['no-keys'] = { jwksUri: `http://127.0.0.1:${await freePort()}/certs` };
      const issuer = idp.issuer('no-keys');
      const app = await startApi(issuer);
      expect503(
        await request(app.getHttpServer())
          .get('/api/audit/access')
          .set(
            'Authorization',
            `Bearer ${await idp.token(issuer, { sub: 'p-1', roles: ['auditor'] })}`,
          ),
      );
    });

    it('refuses a discovery document that names another issuer (503), never trusting its keys', async () => {
      idp.realms.impostor = { docIssuer: 'https://elsewhere.example/realms/iln' };
      const issuer = idp.issuer('impostor');
      const app = await startApi(issuer);
      expect503(
        await request(app.getHttpServer())
          .get('/api/audit/access')
          .set(
            'Authorization',
            `Bearer ${await idp.token(issuer, { sub: 'p-1', roles: ['auditor'] })}`,
          ),
      );
      expect(idp.hits['/impostor/certs']).toBeUndefined();
    });

    it('recovers by itself once the issuer answers again', async () => {
      idp.realms.flaky = { discoveryStatus: 502 };
      const issuer = idp.issuer('flaky');
      const app = await startApi(issuer);
      const token = await idp.token(issuer, { sub: 'p-1', roles: ['auditor'] });
      expect503(
        await request(app.getHttpServer())
          .get('/api/audit/access')
          .set('Authorization', `Bearer ${token}`),
      );
      idp.realms.flaky.discoveryStatus = 200;
      await waitFor(
        async () =>
          (
            await request(app.getHttpServer())
              .get('/api/audit/access')
              .set('Authorization', `Bearer ${token}`)
          ).status === 200,
        {
          timeoutMs: 10_000,
          intervalMs: 250,
          description: 'the API to use the issuer again',
        },
      );
    });
  });
});
