import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '@iln/platform';
import { createTestDatabase, TestDatabase, testRedisUrl, TEST_DATA_KEY_ENCRYPTION_KEY } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

// The HTTP edge: security headers, closed CORS, body limit, rate limits per user and
// per IP answering 429 problem+json with Retry-After, no stack traces.
describe('HTTP hardening', () => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];

  async function start(env: Record<string, string>): Promise<INestApplication> {
    const config = loadConfig({ DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), DATA_KEY_ENCRYPTION_KEY: TEST_DATA_KEY_ENCRYPTION_KEY, LOG_LEVEL: 'silent', AUTH_MODE: 'dev', ...env });
    const app = await createApiApp(config, { logs: false });
    await app.init();
    apps.push(app);
    return app;
  }

  async function tokenFor(app: INestApplication, sub: string, roles: string[] = ['auditor']): Promise<string> {
    const res = await request(app.getHttpServer()).post('/api/auth/dev-token').send({ sub, name: 'Test User', roles, organisation: 'thurrock-council' });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.drop();
  });

  describe('with default settings', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await start({});
    });

    it('sends helmet security headers and no X-Powered-By', async () => {
      const res = await request(app.getHttpServer()).get('/health/live');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('keeps CORS closed when CORS_ORIGINS is not set', async () => {
      const res = await request(app.getHttpServer()).options('/api/audit/access').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('refuses a body over 256 KiB with 413 problem+json', async () => {
      const token = await tokenFor(app, 'big-body');
      const res = await request(app.getHttpServer())
        .post('/api/auth/dev-token')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ sub: 'x', name: 'y'.repeat(300 * 1024), roles: [], organisation: 'o' }));
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('answers malformed JSON with a problem and no stack trace', async () => {
      const res = await request(app.getHttpServer()).post('/api/auth/dev-token').set('Content-Type', 'application/json').send('{"sub": ');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Object.keys(res.body).sort()).toEqual(['detail', 'status', 'title', 'type']);
      expect(JSON.stringify(res.body)).not.toMatch(/SyntaxError|at .+:\d+:\d+|node_modules/);
    });

    it('does not throttle ordinary use at the default limits', async () => {
      const token = await tokenFor(app, 'busy-user');
      const statuses = await Promise.all(
        Array.from({ length: 50 }, () => request(app.getHttpServer()).get('/api/audit/access').set('Authorization', `Bearer ${token}`).then((r) => r.status)),
      );
      expect(new Set(statuses)).toEqual(new Set([200]));
    });
  });

  describe('with CORS_ORIGINS set', () => {
    it('allows only the configured origin', async () => {
      const app = await start({ CORS_ORIGINS: 'https://app.thurrock.example' });
      const ok = await request(app.getHttpServer()).get('/health/live').set('Origin', 'https://app.thurrock.example');
      expect(ok.headers['access-control-allow-origin']).toBe('https://app.thurrock.example');
      const other = await request(app.getHttpServer()).get('/health/live').set('Origin', 'https://evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('per-user rate limit', () => {
    it('refuses the user over the limit with 429 and Retry-After, and not another user', async () => {
      const app = await start({ RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_PER_IP_PER_MINUTE: '0' });
      const noisy = await tokenFor(app, 'noisy');
      const quiet = await tokenFor(app, 'quiet');
      const call = (t: string) => request(app.getHttpServer()).get('/api/audit/access').set('Authorization', `Bearer ${t}`);
      for (let i = 0; i < 3; i += 1) expect((await call(noisy)).status).toBe(200);
      const refused = await call(noisy);
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused.body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
      expect((await call(quiet)).status).toBe(200);
      // Probes are never throttled.
      expect((await request(app.getHttpServer()).get('/health/live')).status).toBe(200);
    });
  });

  describe('per-IP rate limit', () => {
    it('throttles a client by address even before sign-in', async () => {
      const app = await start({ RATE_LIMIT_PER_IP_PER_MINUTE: '5', RATE_LIMIT_PER_MINUTE: '0' });
      const statuses: number[] = [];
      for (let i = 0; i < 7; i += 1) statuses.push((await request(app.getHttpServer()).get('/api/audit/access').set('Authorization', 'Bearer guess')).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      const live = await request(app.getHttpServer()).get('/health/live');
      expect(live.status).toBe(200);
    });
  });
});
