import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '@iln/platform';
import { createTestDatabase, freePort, TestDatabase, testRedisUrl, TEST_DATA_KEY_ENCRYPTION_KEY } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

// Behind a load balancer: TRUST_PROXY decides whose X-Forwarded-For names the client (and
// so the per-IP rate-limit bucket); METRICS_PORT moves /metrics off the public port.
// The test's requests come from loopback, standing in for the proxy.
describe('deployment behind a proxy', () => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];

  async function start(env: Record<string, string>): Promise<INestApplication> {
    const config = loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
      DATA_KEY_ENCRYPTION_KEY: TEST_DATA_KEY_ENCRYPTION_KEY,
      LOG_LEVEL: 'silent',
      AUTH_MODE: 'dev',
      RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    });
    const app = await createApiApp(config, { logs: false });
    await app.init();
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.drop();
  });

  /** Statuses of anonymous requests, one per X-Forwarded-For value, with a per-IP limit of 2. */
  async function statusesFor(app: INestApplication, forwardedFor: string[]): Promise<number[]> {
    const statuses: number[] = [];
    for (const xff of forwardedFor) {
      statuses.push(
        (await request(app.getHttpServer()).get('/api/audit/access').set('X-Forwarded-For', xff))
          .status,
      );
    }
    return statuses;
  }
  const distinct = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'];

  describe.each([
    ['unset (loopback)', {}],
    ['loopback', { TRUST_PROXY: 'loopback' }],
    ['a hop count', { TRUST_PROXY: '1' }],
    ['a CIDR list with loopback', { TRUST_PROXY: '10.0.0.0/8, 127.0.0.0/8, ::1/128' }],
  ])('with TRUST_PROXY %s, a trusted proxy on loopback', (_label, env: Record<string, string>) => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await start({ ...env, RATE_LIMIT_PER_IP_PER_MINUTE: '2' });
    });

    it('gives each forwarded client its own bucket', async () => {
      expect(await statusesFor(app, distinct)).toEqual([401, 401, 401, 401]);
    });

    it('still limits one forwarded client, however the left of the header is forged', async () => {
      // The trusted proxy appends the address it saw; what the client wrote before it is not believed.
      const forged = [
        '198.51.100.1, 203.0.113.50',
        '198.51.100.2, 203.0.113.50',
        '198.51.100.3, 203.0.113.50',
      ];
      expect(await statusesFor(app, forged)).toEqual([401, 401, 429]);
    });
  });

  describe.each([
    ['false', { TRUST_PROXY: 'false' }],
    ['a list without loopback', { TRUST_PROXY: '10.0.0.0/8, 192.168.0.1' }],
    ['0 hops', { TRUST_PROXY: '0' }],
  ])('with TRUST_PROXY %s, the peer on loopback is not trusted', (_label, env) => {
    it('ignores X-Forwarded-For: every request counts against the peer address', async () => {
      const app = await start({ ...env, RATE_LIMIT_PER_IP_PER_MINUTE: '2' });
      expect(await statusesFor(app, distinct)).toEqual([401, 401, 429, 429]);
    });
  });

  describe('METRICS_PORT', () => {
    it('serves /metrics only on the internal port', async () => {
      const metricsPort = await freePort();
      const app = await start({ METRICS_PORT: String(metricsPort) });
      const internal = `http://127.0.0.1:${metricsPort}`;
      // A request on the public port, so the scrape has the API's own series in it.
      expect((await request(app.getHttpServer()).get('/health/live')).status).toBe(200);

      const scrape = await fetch(`${internal}/metrics`);
      expect(scrape.status).toBe(200);
      expect(scrape.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await scrape.text()).toMatch(/^# HELP /m);

      const publicScrape = await request(app.getHttpServer()).get('/metrics');
      expect(publicScrape.status).toBe(404);
      expect(publicScrape.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(publicScrape.text).not.toContain('# HELP');

      // The internal port serves nothing else.
      expect((await fetch(`${internal}/health/ready`)).status).toBe(404);
      expect((await fetch(`${internal}/api/cases`)).status).toBe(404);
      expect((await fetch(`${internal}/metrics`, { method: 'POST' })).status).toBe(404);
    });

    it('keeps /metrics on the public port when not set', async () => {
      const app = await start({});
      const res = await request(app.getHttpServer()).get('/metrics');
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/^# HELP /m);
    });

    it('closes the internal port when the app stops', async () => {
      const metricsPort = await freePort();
      const config = loadConfig({
        DATABASE_URL: db.url,
        REDIS_URL: testRedisUrl(),
        DATA_KEY_ENCRYPTION_KEY: TEST_DATA_KEY_ENCRYPTION_KEY,
        LOG_LEVEL: 'silent',
        AUTH_MODE: 'dev',
        METRICS_PORT: String(metricsPort),
      });
      const app = await createApiApp(config, { logs: false });
      await app.init();
      expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(200);
      await app.close();
      await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
    });
  });
});
