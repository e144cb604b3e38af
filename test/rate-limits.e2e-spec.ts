import { DEFAULT_RATE_LIMITS } from '@iln/platform';
import { startApiHarness, type ApiHarness } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

// Unbounded growth: the limits that apply when an operator sets none are real ones
// (600 requests a minute per user, 3,000 per address), not effectively off.
describe('default rate limits', () => {
  // '' is "not set": the harness switches limits off for other tests.
  const defaults = { RATE_LIMIT_PER_MINUTE: '', RATE_LIMIT_PER_IP_PER_MINUTE: '' };
  const start = () =>
    startApiHarness({
      createApp: (config) => createApiApp(config, { logs: false }),
      env: defaults,
    });

  /** Sends `count` requests, `parallel` at a time, and returns how often each status came back. */
  async function burst(
    h: ApiHarness,
    count: number,
    auth: Record<string, string>,
  ): Promise<Record<number, number>> {
    const statuses: Record<number, number> = {};
    const parallel = 20;
    for (let sent = 0; sent < count; sent += parallel) {
      const batch = Array.from({ length: Math.min(parallel, count - sent) }, () =>
        h
          .http()
          .get('/api/follow-up-policy')
          .set(auth)
          .then((r) => r.status),
      );
      for (const status of await Promise.all(batch)) statuses[status] = (statuses[status] ?? 0) + 1;
    }
    return statuses;
  }

  it('are 600 per user and 3,000 per address a minute when not configured', async () => {
    const h = await start();
    try {
      expect(h.config.rateLimit).toEqual({ perUserPerMinute: 600, perIpPerMinute: 3_000 });
      expect(DEFAULT_RATE_LIMITS).toEqual(h.config.rateLimit);
    } finally {
      await h.close();
    }
  });

  describe('per user', () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await start();
    });
    afterAll(async () => {
      await h?.close();
    });

    it('serves 600 requests in a minute, refuses the next with 429, and not another user', async () => {
      const noisy = { Authorization: `Bearer ${await h.token({ sub: 'p-noisy' })}` };
      const quiet = { Authorization: `Bearer ${await h.token({ sub: 'p-quiet' })}` };
      expect(await burst(h, 600, noisy)).toEqual({ 200: 600 });
      const refused = await h.http().get('/api/follow-up-policy').set(noisy);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((await h.http().get('/api/follow-up-policy').set(quiet)).status).toBe(200);
      expect((await h.http().get('/health/live')).status).toBe(200);
    });
  });

  describe('per address', () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await start();
    });
    afterAll(async () => {
      await h?.close();
    });

    it('answers 3,000 requests from one address in a minute, then 429 even before sign-in', async () => {
      const guess = { Authorization: 'Bearer guess' };
      expect(await burst(h, 3_000, guess)).toEqual({ 401: 3_000 });
      expect((await h.http().get('/api/follow-up-policy').set(guess)).status).toBe(429);
      // Probes are never throttled.
      expect((await h.http().get('/health/live')).status).toBe(200);
    });
  });
});
