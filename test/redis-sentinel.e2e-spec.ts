// Redis found through Sentinel: a private redis-server as the primary, a replica, and a
// redis-server in sentinel mode (Debian's redis has it) watching them. The compiled API
// and worker get REDIS_SENTINELS + REDIS_SENTINEL_NAME and a REDIS_URL whose host answers
// nothing, so every Redis connection they make (health, rate limits, BullMQ's queue and
// worker) must come from the sentinel. A follow-up fires through it; then the sentinel
// fails over to the replica and the next follow-up fires through the new primary.
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { upsertReferenceData } from '@iln/case-coordination';
import { createTestDatabase, freePort, startCompiled, waitFor, waitForHttp, type RunningProcess, type TestDatabase } from '@iln/testing';
import { devTokenFrom, openCasesOn } from './cases-helpers';

jest.setTimeout(180_000);

const NAME = 'iln-test-primary';

describe('Redis through Sentinel (REDIS_SENTINELS, REDIS_SENTINEL_NAME)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iln-sentinel-'));
  const servers: ChildProcess[] = [];
  const started: RunningProcess[] = [];
  let db: TestDatabase;
  let pool: Pool;

  const redisServer = (args: string[]): ChildProcess => {
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    servers.push(child);
    return child;
  };
  const answers = async (port: number): Promise<boolean> => {
    const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => undefined);
    try {
      await r.connect();
      return (await r.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      r.disconnect();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 3 });
    await upsertReferenceData(pool);
  });

  afterAll(async () => {
    for (const p of started) await p.stop('SIGKILL');
    for (const s of servers) if (s.exitCode === null && s.signalCode === null) s.kill('SIGKILL');
    await pool?.end();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async (type: string): Promise<number> =>
    Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM es_events WHERE type = $1`, [type])).rows[0].n);

  it('the API and worker find Redis by asking the sentinel, and follow it through a failover', async () => {
    const [primaryPort, replicaPort, sentinelPort, apiPort, workerPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const common = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    redisServer(['--port', String(primaryPort), '--dir', dir, '--dbfilename', 'primary.rdb', ...common]);
    redisServer(['--port', String(replicaPort), '--dir', dir, '--dbfilename', 'replica.rdb', '--replicaof', '127.0.0.1', String(primaryPort), ...common]);
    const sentinelConf = join(dir, 'sentinel.conf');
    writeFileSync(
      sentinelConf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${NAME} 127.0.0.1 ${primaryPort} 1`,
        `sentinel down-after-milliseconds ${NAME} 2000`,
        `sentinel failover-timeout ${NAME} 10000`,
        '',
      ].join('\n'),
    );
    redisServer([sentinelConf, '--sentinel']);
    for (const port of [primaryPort, replicaPort, sentinelPort]) await waitFor(() => answers(port), { timeoutMs: 15_000, description: `redis on ${port}` });
    const sentinel = new Redis({ port: sentinelPort, host: '127.0.0.1' });
    try {
      // The sentinel knows the replica before anything relies on a failover.
      await waitFor(async () => ((await sentinel.call('SENTINEL', 'REPLICAS', NAME)) as unknown[]).length === 1, {
        timeoutMs: 30_000,
        intervalMs: 200,
        description: 'the sentinel seeing the replica',
      });

      const prefix = `iln-sentinel-${randomUUID().slice(0, 8)}`;
      const policyFile = join(dir, 'policy.json');
      writeFileSync(policyFile, JSON.stringify({ 'allocate-coordinator': 'PT2S', 'escalation-grace': 'PT600S' }));
      const env = {
        NODE_ENV: 'test',
        AUTH_MODE: 'dev',
        DATABASE_URL: db.url,
        // Port 1 answers nothing: only the database number (3) is taken from here.
        REDIS_URL: 'redis://127.0.0.1:1/3',
        REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`,
        REDIS_SENTINEL_NAME: NAME,
        QUEUE_PREFIX: prefix,
        FOLLOW_UP_POLICY_FILE: policyFile,
        RATE_LIMIT_PER_MINUTE: '100',
        LOG_LEVEL: 'warn',
      };
      started.push(startCompiled('apps/api/src/main.js', { ...env, PORT: String(apiPort) }));
      started.push(startCompiled('apps/worker/src/main.js', { ...env, WORKER_PORT: String(workerPort) }));
      const api = `http://127.0.0.1:${apiPort}`;
      await waitForHttp(`${api}/health/ready`, 60_000);
      await waitForHttp(`http://127.0.0.1:${workerPort}/health/ready`, 60_000);

      const token = await devTokenFrom(api, { sub: 'p-grays-1', name: 'Alex Fictionby', roles: ['practitioner'], organisation: 'thurrock-council', localities: ['grays'] });
      await openCasesOn(api, token, 1);
      await waitFor(async () => (await count('FollowUpBecameOverdue')) === 1, { timeoutMs: 60_000, intervalMs: 200, description: 'the follow-up firing through the sentinel' });
      // The queue and the rate-limit counters are in the primary's database 3.
      const primary = new Redis({ port: primaryPort, host: '127.0.0.1', db: 3 });
      try {
        expect((await primary.keys(`*${prefix}:rate-limit:*`)).length).toBeGreaterThan(0);
        expect((await primary.keys(`${prefix}:follow-ups:*`)).length).toBeGreaterThan(0);
      } finally {
        primary.disconnect();
      }

      // Failover: the replica becomes the primary; the apps follow the sentinel to it.
      await sentinel.call('SENTINEL', 'FAILOVER', NAME);
      await waitFor(async () => ((await sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME)) as string[])[1] === String(replicaPort), {
        timeoutMs: 30_000,
        intervalMs: 200,
        description: 'the sentinel naming the replica as primary',
      });
      await openCasesOn(api, token, 1);
      await waitFor(async () => (await count('FollowUpBecameOverdue')) === 2, {
        timeoutMs: 60_000,
        intervalMs: 200,
        description: 'the next follow-up firing through the new primary',
      });
      const promoted = new Redis({ port: replicaPort, host: '127.0.0.1', db: 3 });
      try {
        expect(((await promoted.info('replication')).match(/^role:(\w+)/m) ?? [])[1]).toBe('master');
      } finally {
        promoted.disconnect();
      }
      await waitForHttp(`${api}/health/ready`, 30_000);
      process.stdout.write(`redis sentinel: a follow-up fired through the sentinel's primary (:${primaryPort}), and another after failover to :${replicaPort}\n`);
    } finally {
      sentinel.disconnect();
    }
  });
});
