// The compiled API with API_PROCESSES=2: a node:cluster primary and two processes on one
// port. Requests are answered (dev tokens made by one process verify in the other), the
// rate limit is one budget across them, /metrics adds them up, a process killed with
// kill -9 is replaced, one that cannot start stops it all, and SIGTERM drains a request in
// flight before everything exits 0.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, freePort, startCompiled, testRedisUrl, waitFor, waitForHttp, type RunningProcess, type TestDatabase } from '@iln/testing';

jest.setTimeout(180_000);

/** The pids of the primary's child processes. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

/** The pids the primary has said are serving, in order. */
const serving = (proc: RunningProcess): number[] =>
  [...proc.output().matchAll(/"worker":(\d+),"msg":"an API process is serving"/g)].map((m) => Number(m[1]));

const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('several API processes (API_PROCESSES=2)', () => {
  let db: TestDatabase;
  let api: RunningProcess;
  let port: number;
  let base: string;
  const PER_USER = 30;

  beforeAll(async () => {
    db = await createTestDatabase();
    port = await freePort();
    api = startCompiled('apps/api/src/main.js', {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: `iln-procs-${randomUUID().slice(0, 8)}`,
      PORT: String(port),
      API_PROCESSES: '2',
      RATE_LIMIT_PER_MINUTE: String(PER_USER),
      RATE_LIMIT_PER_IP_PER_MINUTE: '0',
      LOG_LEVEL: 'info',
    });
    base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/health/ready`, 60_000);
    await waitFor(() => serving(api).length === 2, { timeoutMs: 60_000, description: 'two API processes serving' });
    expect(childrenOf(api.child.pid!).sort()).toEqual(serving(api).sort());
  });

  afterAll(async () => {
    const children = api ? childrenOf(api.child.pid!) : [];
    await api?.stop('SIGKILL');
    for (const pid of children) if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
    await db?.drop();
  });

  const token = async (sub: string): Promise<string> => {
    const res = await fetch(`${base}/api/auth/dev-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Connection: 'close' },
      body: JSON.stringify({ sub, name: 'Test User', roles: ['auditor'], organisation: 'thurrock-council' }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  // A new connection each time, so the primary hands requests round the processes.
  const get = (accessToken: string) => fetch(`${base}/api/follow-up-policy`, { headers: { Authorization: `Bearer ${accessToken}`, Connection: 'close' } });
  const metric = async (pattern: RegExp): Promise<number> => {
    const text = await (await fetch(`${base}/metrics`, { headers: { Connection: 'close' } })).text();
    return [...text.matchAll(pattern)].reduce((sum, m) => sum + Number(m[1]), 0);
  };

  it('answers through both processes with one rate-limit budget, and /metrics counts them all', async () => {
    const routeCount = /^http_request_duration_seconds_count\{[^}]*route="\/api\/follow-up-policy"[^}]*\} (\d+)$/gm;
    const before = await metric(routeCount);
    const accessToken = await token(`p-${randomUUID().slice(0, 8)}`);
    const statuses: Record<number, number> = {};
    for (let i = 0; i < PER_USER + 4; i++) {
      const { status } = await get(accessToken);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    // Two processes each counting alone would have let all 34 through.
    expect(statuses).toEqual({ 200: PER_USER, 429: 4 });
    // Every answered request counted once, whichever process answered it (a 429 comes from
    // the guard, before the route's timing starts).
    expect((await metric(routeCount)) - before).toBe(PER_USER);
    // The bounded in-process caches report their sizes (the largest process's): the token verified above is held.
    expect(await metric(/^in_process_cache_entries\{cache="verified_tokens"[^}]*\} (\d+)$/gm)).toBeGreaterThanOrEqual(1);
    expect((await (await fetch(`${base}/metrics`, { headers: { Connection: 'close' } })).text()).match(/^in_process_cache_entries\{cache="case_keys"/m)).not.toBeNull();
  });

  it('replaces a process killed with kill -9 and keeps answering', async () => {
    const [victim, survivor] = childrenOf(api.child.pid!);
    process.kill(victim, 'SIGKILL');
    const replacement = await waitFor(
      () => {
        const now = childrenOf(api.child.pid!);
        const fresh = serving(api).find((pid) => pid !== victim && pid !== survivor);
        return now.length === 2 && !now.includes(victim) && now.includes(survivor) && fresh !== undefined && now.includes(fresh) && fresh;
      },
      { timeoutMs: 60_000, intervalMs: 50, description: 'a new process serving in place of the killed one' },
    );
    expect(replacement).not.toBe(victim);
    expect(api.output()).toContain('an API process exited; starting another');
    const accessToken = await token(`p-${randomUUID().slice(0, 8)}`);
    // Enough new connections that both processes, the new one too, take some.
    const statuses = await Promise.all(Array.from({ length: 10 }, async () => (await get(accessToken)).status));
    expect(statuses).toEqual(Array(10).fill(200));
    expect(api.child.exitCode).toBeNull();
  });

  it('stops with the exit code of a process that cannot start (a bad policy file: 78), saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iln-procs-'));
    try {
      const policyFile = join(dir, 'policy.json');
      writeFileSync(policyFile, JSON.stringify({ 'allocate-coordinator': { bogus: 1 } }));
      const bad = startCompiled('apps/api/src/main.js', {
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        REDIS_URL: testRedisUrl(),
        PORT: String(await freePort()),
        API_PROCESSES: '2',
        FOLLOW_UP_POLICY_FILE: policyFile,
        LOG_LEVEL: 'warn',
      });
      const { code } = await bad.exited;
      expect(code).toBe(78);
      expect(bad.output()).toContain('config error: FOLLOW_UP_POLICY_FILE: follow-up policy: "allocate-coordinator"');
      expect(bad.output()).toContain('an API process failed to start; stopping');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on SIGTERM lets a request in flight finish, then every process and the primary exit 0', async () => {
    const children = childrenOf(api.child.pid!);
    const body = JSON.stringify({ sub: 'p-drain', name: 'Test User', roles: ['auditor'], organisation: 'thurrock-council' });
    // A slow client: headers and part of the body before SIGTERM, the rest once both processes are draining.
    const answered = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: '/api/auth/dev-token', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      req.on('socket', (socket) =>
        socket.on('connect', () => {
          api.child.kill('SIGTERM');
          const draining = () => (api.output().match(/"msg":"SIGTERM received: draining"/g) ?? []).length;
          void waitFor(() => draining() >= 2, { timeoutMs: 10_000, intervalMs: 5, description: 'both processes draining' }).then(
            () => req.end(body.slice(10)),
            reject,
          );
        }),
      );
    });
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.text)).toEqual({ accessToken: expect.any(String), expiresIn: expect.any(Number) });
    const { code } = await api.exited;
    expect(code).toBe(0);
    for (const pid of children) expect(pidAlive(pid)).toBe(false);
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  });
});
