import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, freePort, startCompiled, testRedisUrl, TestDatabase, waitForHttp } from '@iln/testing';

// The processes as production runs them: compiled, started by pid, on loopback.
describe('API process', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('stops at start with one clear line per bad configuration value', async () => {
    const proc = startCompiled('apps/api/src/main.js', {
      DATABASE_URL: 'mysql://nope',
      REDIS_URL: db.url.replace(/^postgres/, 'redis'),
      PORT: '99999',
      EVENT_STORE: 'kafka',
    });
    const { code } = await proc.exited;
    expect(code).toBe(78);
    expect(proc.output().trim().split('\n')).toEqual([
      'config error: PORT: expected a whole number from 0 to 65535, got "99999"',
      'config error: DATABASE_URL: expected a URL starting postgres:// or postgresql://',
      'config error: EVENT_STORE: expected one of postgres, eventstoredb, got "kafka"',
    ]);
  });

  it.each(['apps/api/src/main.js', 'apps/worker/src/main.js'])(
    '%s stops at start on a bad follow-up policy file, one line per problem',
    async (entry) => {
      const dir = mkdtempSync(join(tmpdir(), 'iln-policy-'));
      const file = join(dir, 'policy.json');
      writeFileSync(file, JSON.stringify({ 'allocate-coordinator': 'soon', 'no-such-kind': { days: 1 } }));
      try {
        const proc = startCompiled(entry, { DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), FOLLOW_UP_POLICY_FILE: file, LOG_LEVEL: 'silent' });
        const { code } = await proc.exited;
        expect(code).toBe(78);
        const lines = proc.output().trim().split('\n');
        expect(lines).toHaveLength(2);
        for (const line of lines) expect(line).toMatch(/^config error: FOLLOW_UP_POLICY_FILE/);
        expect(lines.join('\n')).toContain('allocate-coordinator');
        expect(lines.join('\n')).toContain('no-such-kind');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it.each(['apps/api/src/main.js', 'apps/worker/src/main.js'])(
    '%s stops at start without DATA_KEY_ENCRYPTION_KEY, and with a bad one, never printing it',
    async (entry) => {
      const missing = startCompiled(entry, { DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), LOG_LEVEL: 'silent', DATA_KEY_ENCRYPTION_KEY: '' });
      expect((await missing.exited).code).toBe(78);
      expect(missing.output().trim().split('\n')).toEqual([expect.stringMatching(/^config error: DATA_KEY_ENCRYPTION_KEY: required \(32 random bytes in base64/)]);
      const bad = 'c2hvcnQtYW5kLXNlY3JldA==';
      const invalid = startCompiled(entry, { DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), LOG_LEVEL: 'silent', DATA_KEY_ENCRYPTION_KEY: bad });
      expect((await invalid.exited).code).toBe(78);
      expect(invalid.output().trim().split('\n')).toEqual([expect.stringMatching(/^config error: DATA_KEY_ENCRYPTION_KEY: expected 32 random bytes/)]);
      expect(invalid.output()).not.toContain(bad);
    },
  );

  it('refuses dev tokens in production', async () => {
    const proc = startCompiled('apps/api/src/main.js', {
      NODE_ENV: 'production',
      AUTH_MODE: 'dev',
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
    });
    const { code } = await proc.exited;
    expect(code).toBe(78);
    expect(proc.output()).toContain('AUTH_MODE: dev issues its own tokens and is refused when NODE_ENV=production');
  });

  it('on SIGTERM lets a request in flight finish, refuses new ones, and exits 0', async () => {
    const port = await freePort();
    const proc = startCompiled('apps/api/src/main.js', {
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
      PORT: String(port),
      LOG_LEVEL: 'info',
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/health/live`);
      const body = JSON.stringify({ sub: 'p-1', name: 'Test Practitioner', roles: ['practitioner'], organisation: 'council' });
      // A slow client: headers and half the body now, the rest after SIGTERM. The
      // request is in flight across the signal and must still be answered.
      const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, method: 'POST', path: '/api/auth/dev-token', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.write(body.slice(0, 10));
        req.on('socket', (socket) =>
          socket.on('connect', () => {
            proc.child.kill('SIGTERM');
            void waitForDraining(proc.output).then(() => req.end(body.slice(10)));
          }),
        );
      });
      const answered = await response;
      expect(answered.status).toBe(200);
      expect(JSON.parse(answered.body)).toEqual({ accessToken: expect.any(String), expiresIn: expect.any(Number) });
      await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
      const { code } = await proc.exited;
      expect(code).toBe(0);
    } finally {
      await proc.stop('SIGKILL');
    }
  });
});

async function waitForDraining(output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!output().includes('SIGTERM received') && Date.now() < deadline) {
    await new Promise((r) => setImmediate(r));
  }
}
