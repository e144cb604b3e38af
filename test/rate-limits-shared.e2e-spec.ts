import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import request from 'supertest';
import { loadConfig } from '@iln/platform';
import { createTestDatabase, testRedisUrl, waitFor, type TestDatabase, TEST_DATA_KEY_ENCRYPTION_KEY } from '@iln/testing';
import { startPrivateRedis, type PrivateRedis } from '@iln/testing/faults/private-redis';
import { createApiApp } from '../apps/api/src/bootstrap';

// Rate-limit counters live in Redis: two API apps (as two processes or two replicas would
// be) on one Redis count against one budget per user and per address. While Redis does not
// answer, each app counts on its own (the limit still holds, per process), says so on
// /metrics, and answers no request with a 5xx.
describe('rate limits shared through Redis', () => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];

  async function start(env: Record<string, string>): Promise<INestApplication> {
    const config = loadConfig({ DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), DATA_KEY_ENCRYPTION_KEY: TEST_DATA_KEY_ENCRYPTION_KEY, LOG_LEVEL: 'silent', AUTH_MODE: 'dev', DEV_TOKEN_SECRET: 'x'.repeat(40), ...env });
    const app = await createApiApp(config, { logs: false });
    await app.init();
    apps.push(app);
    return app;
  }

  async function tokenFor(app: INestApplication, sub: string): Promise<string> {
    const res = await request(app.getHttpServer()).post('/api/auth/dev-token').send({ sub, name: 'Test User', roles: ['auditor'], organisation: 'thurrock-council' });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  }

  const get = (app: INestApplication, token: string) => request(app.getHttpServer()).get('/api/follow-up-policy').set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.drop();
  });

  it('two apps on one Redis share one budget per user; another user and another prefix have their own', async () => {
    const prefix = `iln-rls-${randomUUID().slice(0, 8)}`;
    const env = { QUEUE_PREFIX: prefix, RATE_LIMIT_PER_MINUTE: '6', RATE_LIMIT_PER_IP_PER_MINUTE: '0' };
    const [a, b] = [await start(env), await start(env)];
    const noisy = await tokenFor(a, 'p-noisy');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await get(i % 2 === 0 ? a : b, noisy)).status);
    // Each app sent 4: counted apart, all 8 would pass; counted together, 6 do.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    const refused = await get(a, noisy);
    expect(refused.body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await get(b, await tokenFor(b, 'p-quiet'))).status).toBe(200);
    // An app with another key prefix (another deployment on the same Redis) counts apart.
    const other = await start({ ...env, QUEUE_PREFIX: `${prefix}-other` });
    expect((await get(other, noisy)).status).toBe(200);

    // Nobody's id or address is in the keys.
    const redis = new Redis(testRedisUrl());
    try {
      const keys = await redis.keys(`*${prefix}:rate-limit:*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(key).not.toMatch(/p-noisy|p-quiet|127\.0\.0\.1|::1/);
    } finally {
      redis.disconnect();
    }
  });

  it('two apps on one Redis share one budget per address, before sign-in', async () => {
    const env = { QUEUE_PREFIX: `iln-rls-${randomUUID().slice(0, 8)}`, RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_PER_IP_PER_MINUTE: '4' };
    const [a, b] = [await start(env), await start(env)];
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(i % 2 === 0 ? a : b, 'guess')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });

  describe('while Redis does not answer', () => {
    let redis: PrivateRedis;
    beforeAll(async () => {
      redis = await startPrivateRedis();
    });
    afterAll(async () => {
      // Its apps close while their Redis is still there to say goodbye to.
      for (const app of apps.splice(0)) await app.close();
      await redis?.destroy();
    });

    it('each app counts on its own (no 5xx, the limit still holds), counts the misses on /metrics, and shares again once Redis is back', async () => {
      const env = { REDIS_URL: redis.url, QUEUE_PREFIX: 'iln-rls-down', RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_PER_IP_PER_MINUTE: '0' };
      const [a, b] = [await start(env), await start(env)];
      const token = await tokenFor(a, 'p-during-outage');
      expect((await get(a, token)).status).toBe(200);
      await redis.kill();

      // Per app now: 3 each (one already counted in Redis before it went is not known to them).
      const fromA: number[] = [];
      const fromB: number[] = [];
      for (let i = 0; i < 4; i++) fromA.push((await get(a, token)).status);
      for (let i = 0; i < 4; i++) fromB.push((await get(b, token)).status);
      expect({ fromA, fromB }).toEqual({ fromA: [200, 200, 200, 429], fromB: [200, 200, 200, 429] });
      const metricsText = (await request(a.getHttpServer()).get('/metrics')).text;
      expect(Number(/^rate_limit_store_errors_total(?:\{[^}]*\})? (\d+)/m.exec(metricsText)?.[1])).toBe(4);

      await redis.start();
      // Each app is counting in Redis again once a request of a new caller adds no miss.
      const errors = async (app: INestApplication) =>
        Number(/^rate_limit_store_errors_total(?:\{[^}]*\})? (\d+)/m.exec((await request(app.getHttpServer()).get('/metrics')).text)?.[1]);
      let probe = 0;
      for (const app of [a, b]) {
        await waitFor(
          async () => {
            const before = await errors(app);
            await get(app, await tokenFor(app, `p-probe-${probe++}`));
            return (await errors(app)) === before;
          },
          { timeoutMs: 30_000, intervalMs: 200, description: 'the app counting in Redis again' },
        );
      }
      // One shared budget again: 3 across both apps, not 3 each.
      const fresh = await tokenFor(a, 'p-after-outage');
      const after: number[] = [];
      for (let i = 0; i < 4; i++) after.push((await get(i % 2 === 0 ? b : a, fresh)).status);
      expect(after).toEqual([200, 200, 200, 429]);
    });
  });
});
