import { randomUUID } from 'node:crypto';
import {
  createTestDatabase,
  freePort,
  RunningProcess,
  startCompiled,
  TestDatabase,
  testRedisUrl,
  waitForHttp,
} from '@iln/testing';

// How the API is told to authenticate, tried on the compiled processes as production
// starts them: never dev by default, and dev tokens that do not outlive their process.
describe('AUTH_MODE and dev token secrets', () => {
  let db: TestDatabase;
  const started: RunningProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const p of started) await p.stop('SIGKILL');
    await db?.drop();
  });

  const env = (extra: NodeJS.ProcessEnv) => ({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    LOG_LEVEL: 'warn',
    ...extra,
  });

  it.each([
    [
      'development',
      'config error: AUTH_MODE: required, expected oidc or dev (dev issues its own tokens, for local use)',
    ],
    ['production', 'config error: AUTH_MODE: required, expected oidc'],
  ])(
    'the API without AUTH_MODE (NODE_ENV=%s) stops at start with one line, exit 78',
    async (nodeEnv, line) => {
      const proc = startCompiled(
        'apps/api/src/main.js',
        env({ NODE_ENV: nodeEnv, AUTH_MODE: undefined }),
      );
      started.push(proc);
      expect((await proc.exited).code).toBe(78);
      expect(proc.output().trim().split('\n')).toEqual([line]);
    },
  );

  it('the API refuses a short DEV_TOKEN_SECRET without printing it', async () => {
    const proc = startCompiled(
      'apps/api/src/main.js',
      env({ AUTH_MODE: 'dev', DEV_TOKEN_SECRET: 'tiny-secret-123' }),
    );
    started.push(proc);
    expect((await proc.exited).code).toBe(78);
    expect(proc.output()).toContain('config error: DEV_TOKEN_SECRET: too short');
    expect(proc.output()).not.toContain('tiny-secret-123');
  });

  it('the worker, which verifies no tokens, starts without AUTH_MODE', async () => {
    const port = await freePort();
    const proc = startCompiled(
      'apps/worker/src/main.js',
      env({
        AUTH_MODE: undefined,
        WORKER_PORT: String(port),
        QUEUE_PREFIX: `am-${randomUUID().slice(0, 8)}`,
      }),
    );
    started.push(proc);
    await waitForHttp(`http://127.0.0.1:${port}/health/live`, 60_000);
    await proc.stop();
  });

  async function devToken(base: string): Promise<string> {
    const res = await fetch(`${base}/api/auth/dev-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        sub: 'p-modes-1',
        name: 'Mode Tester',
        roles: ['auditor'],
        organisation: 'thurrock-council',
      }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  async function restartedApi(
    extra: NodeJS.ProcessEnv,
  ): Promise<{ before: string; after: (token: string) => Promise<number> }> {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const start = async () => {
      const proc = startCompiled(
        'apps/api/src/main.js',
        env({ AUTH_MODE: 'dev', PORT: String(port), ...extra }),
      );
      started.push(proc);
      await waitForHttp(`${base}/health/live`, 60_000);
      return proc;
    };
    const first = await start();
    const before = await devToken(base);
    expect(
      (await fetch(`${base}/api/audit/access`, { headers: { Authorization: `Bearer ${before}` } }))
        .status,
    ).toBe(200);
    await first.stop();
    await start();
    return {
      before,
      after: async (token) =>
        (await fetch(`${base}/api/audit/access`, { headers: { Authorization: `Bearer ${token}` } }))
          .status,
    };
  }

  it('signs dev tokens with a secret made at each start: a restart ends them', async () => {
    const { before, after } = await restartedApi({ DEV_TOKEN_SECRET: undefined });
    expect(await after(before)).toBe(401);
  });

  it('keeps dev tokens across a restart when DEV_TOKEN_SECRET is set', async () => {
    const { before, after } = await restartedApi({
      DEV_TOKEN_SECRET: 'a-secret-shared-by-both-starts-of-the-api',
    });
    expect(await after(before)).toBe(200);
  });
});
