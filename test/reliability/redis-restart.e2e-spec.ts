// Redis (a private redis-server) is killed while follow-ups are pending, and stays down
// past their due time. When it is back, the follow-ups still fire: overdue, then
// escalated, each exactly once. Timers live in Redis, the truth in the event log.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { upsertReferenceData } from '@iln/case-coordination';
import { createTestDatabase, freePort, startCompiled, waitFor, waitForHttp, type RunningProcess, type TestDatabase } from '@iln/testing';
import { startPrivateRedis, type PrivateRedis } from '@iln/testing/faults/private-redis';
import { devTokenFrom, openCasesOn } from '../cases-helpers';

jest.setTimeout(180_000);

describe('Redis restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iln-redis-restart-'));
  let db: TestDatabase;
  let pool: Pool;
  let redis: PrivateRedis;
  const started: RunningProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 3 });
    await upsertReferenceData(pool);
    redis = await startPrivateRedis();
  });

  afterAll(async () => {
    for (const p of started) await p.stop('SIGKILL');
    await redis?.destroy();
    await pool?.end();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const types = async (caseId: string) =>
    (await pool.query<{ type: string }>(`SELECT type FROM es_events WHERE stream_id = $1 ORDER BY version`, [`case-${caseId}`])).rows.map((r) => r.type);

  it('follow-ups due during the outage fire after it, once each', async () => {
    const policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ 'allocate-coordinator': 'PT3S', 'escalation-grace': 'PT3S' }));
    const [apiPort, workerPort] = [await freePort(), await freePort()];
    const env = {
      NODE_ENV: 'test',
      AUTH_MODE: 'dev',
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `iln-redis-${randomUUID().slice(0, 8)}`,
      FOLLOW_UP_POLICY_FILE: policyFile,
      LOG_LEVEL: 'warn',
    };
    started.push(startCompiled('apps/api/src/main.js', { ...env, PORT: String(apiPort) }));
    started.push(startCompiled('apps/worker/src/main.js', { ...env, WORKER_PORT: String(workerPort) }));
    const api = `http://127.0.0.1:${apiPort}`;
    const worker = `http://127.0.0.1:${workerPort}`;
    await waitForHttp(`${api}/health/ready`, 60_000);
    await waitForHttp(`${worker}/health/ready`, 60_000);

    const accessToken = await devTokenFrom(api, { sub: 'p-grays-1', name: 'Alex Fictionby', roles: ['practitioner'], organisation: 'council', localities: ['grays'] });
    const caseIds = await openCasesOn(api, accessToken, 3);
    // The scheduler has seen them (their timers are recorded) before Redis goes.
    await waitFor(
      async () => Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM follow_up_timers WHERE kind = 'allocate-coordinator'`)).rows[0].n) === caseIds.length,
      { timeoutMs: 30_000, description: 'allocation timers recorded' },
    );

    await redis.kill();
    await waitFor(
      async () => {
        const res = await fetch(`${worker}/health/ready`);
        const body = (await res.json()) as { checks: Record<string, { status: string }> };
        return res.status === 503 && body.checks.redis?.status === 'down';
      },
      { timeoutMs: 30_000, description: 'the worker reporting Redis down' },
    );
    // Down until every allocation is past due and then past its escalation grace.
    await waitFor(
      async () =>
        Number(
          (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM follow_up_timers WHERE kind = 'allocate-coordinator' AND due_at < now() - interval '4 seconds'`)).rows[0].n,
        ) === caseIds.length,
      { timeoutMs: 30_000, intervalMs: 200, description: 'the follow-ups falling due during the outage' },
    );
    for (const caseId of caseIds) expect(await types(caseId)).not.toContain('FollowUpBecameOverdue');

    await redis.start();
    for (const caseId of caseIds) {
      await waitFor(async () => (await types(caseId)).includes('FollowUpEscalated'), { timeoutMs: 60_000, description: `case ${caseId} escalated after the outage` });
    }
    await waitForHttp(`${worker}/health/ready`, 30_000);
    for (const caseId of caseIds) {
      const t = await types(caseId);
      expect({ overdue: t.filter((x) => x === 'FollowUpBecameOverdue').length, escalated: t.filter((x) => x === 'FollowUpEscalated').length }).toEqual({ overdue: 1, escalated: 1 });
    }
    process.stdout.write(`redis restart: ${caseIds.length} allocation follow-ups fell due during the outage; each became overdue and was escalated once after it\n`);
  });
});
