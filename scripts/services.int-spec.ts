import { execFile } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { homedir, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { freePort, waitFor } from '@iln/testing';

// `npm start` / `npm test` provide PostgreSQL and Redis from scripts/lib/services.js. These
// tests run a copy of scripts/ from a fresh private (0700) folder (under /root when root,
// where the `postgres` user cannot enter), on ports of their own, never the shared ones.
const isRoot = userInfo().uid === 0;

interface Checkout {
  dir: string;
  run(cmd: 'start' | 'stop'): Promise<{ stdout: string; stderr: string }>;
  state(): { postgres?: { port: number; dataDir: string }; redis?: { port: number } };
  remove(): Promise<void>;
}

function privateCheckout(env: Record<string, string>): Checkout {
  const dir = mkdtempSync(join(isRoot ? homedir() : tmpdir(), 'iln-services-'));
  chmodSync(dir, 0o700);
  cpSync(join(__dirname), join(dir, 'scripts'), {
    recursive: true,
    filter: (src) => !src.endsWith('.ts'),
  });
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, ILN_NO_DOCKER: '1' };
  delete childEnv.DATABASE_URL;
  delete childEnv.REDIS_URL;
  const checkout: Checkout = {
    dir,
    run: (cmd) =>
      new Promise((resolve, reject) => {
        execFile(
          process.execPath,
          [join(dir, 'scripts', 'services.js'), cmd],
          { env: childEnv, encoding: 'utf8', timeout: 120_000 },
          (err, stdout, stderr) =>
            err
              ? reject(Object.assign(new Error(`services.js ${cmd} failed: ${stderr}`), { stderr }))
              : resolve({ stdout, stderr }),
        );
      }),
    state: () => JSON.parse(readFileSync(join(dir, '.local', 'services.json'), 'utf8')),
    async remove() {
      const pgDir = (() => {
        try {
          return dirname(checkout.state().postgres?.dataDir ?? '');
        } catch {
          return '';
        }
      })();
      await checkout.run('stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      // As root the cluster lives outside the checkout, in a postgres-owned folder of its own.
      if (pgDir.startsWith('/var/lib/postgresql/iln/'))
        rmSync(pgDir, { recursive: true, force: true });
    },
  };
  return checkout;
}

function urlsFrom(stdout: string): { databaseUrl: string; redisUrl: string } {
  const databaseUrl = /^DATABASE_URL=(.+)$/m.exec(stdout)?.[1];
  const redisUrl = /^REDIS_URL=(.+)$/m.exec(stdout)?.[1];
  if (!databaseUrl || !redisUrl) throw new Error(`no URLs in: ${stdout}`);
  return { databaseUrl, redisUrl };
}

async function answers(urls: {
  databaseUrl: string;
  redisUrl: string;
}): Promise<{ user: string; pong: string }> {
  const pg = new Client({ connectionString: urls.databaseUrl });
  pg.on('error', () => undefined);
  await pg.connect();
  const redis = new Redis(urls.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    const { rows } = await pg.query<{ user: string }>('SELECT current_user AS user');
    await redis.connect();
    return { user: rows[0].user, pong: await redis.ping() };
  } finally {
    await pg.end();
    redis.disconnect();
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const portOf = (url: string) => Number(new URL(url).port);

describe('local services (scripts/lib/services.js)', () => {
  it('start from a private 0700 folder, are reused, and stop', async () => {
    const [pgPort, redisPort] = [await freePort(), await freePort()];
    const checkout = privateCheckout({
      ILN_LOCAL_PG_PORT: String(pgPort),
      ILN_LOCAL_REDIS_PORT: String(redisPort),
    });
    try {
      const first = await checkout.run('start');
      const urls = urlsFrom(first.stdout);
      expect([portOf(urls.databaseUrl), portOf(urls.redisUrl)]).toEqual([pgPort, redisPort]);
      expect(await answers(urls)).toEqual({ user: 'iln', pong: 'PONG' });
      // Nothing was loosened to get there.
      expect(statSync(checkout.dir).mode & 0o777).toBe(0o700);
      const { dataDir } = checkout.state().postgres!;
      if (isRoot) expect(dataDir.startsWith('/var/lib/postgresql/iln/')).toBe(true);
      else expect(dataDir.startsWith(checkout.dir)).toBe(true);

      const second = await checkout.run('start');
      expect(urlsFrom(second.stdout)).toEqual(urls);
      expect(second.stderr).toContain(
        `PostgreSQL of this checkout already running on 127.0.0.1:${pgPort}`,
      );
      expect(second.stderr).toContain(
        `Redis of this checkout already running on 127.0.0.1:${redisPort}`,
      );

      await checkout.run('stop');
      await waitFor(async () => !(await accepts(pgPort)) && !(await accepts(redisPort)), {
        timeoutMs: 15_000,
        description: 'both ports closed',
      });
    } finally {
      await checkout.remove();
    }
  });

  it('never takes a foreign listener on its port for its own service: picks another, remembers it, stops only its own', async () => {
    const foreign: Server[] = [];
    const listen = (port: number) =>
      new Promise<void>((resolve) => {
        const server = createServer((socket) => socket.end());
        foreign.push(server);
        server.listen(port, '127.0.0.1', () => resolve());
      });
    const [pgPort, redisPort] = [await freePort(), await freePort()];
    await listen(pgPort);
    await listen(redisPort);
    const checkout = privateCheckout({
      ILN_LOCAL_PG_PORT: String(pgPort),
      ILN_LOCAL_REDIS_PORT: String(redisPort),
    });
    try {
      const first = await checkout.run('start');
      const urls = urlsFrom(first.stdout);
      expect(portOf(urls.databaseUrl)).not.toBe(pgPort);
      expect(portOf(urls.redisUrl)).not.toBe(redisPort);
      expect(first.stderr).toContain(
        `127.0.0.1:${pgPort} is in use by something that is not this checkout's PostgreSQL`,
      );
      expect(first.stderr).toContain(
        `127.0.0.1:${redisPort} is in use by something that is not this checkout's Redis`,
      );
      expect(await answers(urls)).toEqual({ user: 'iln', pong: 'PONG' });
      expect(checkout.state()).toMatchObject({
        postgres: { port: portOf(urls.databaseUrl) },
        redis: { port: portOf(urls.redisUrl) },
      });

      // A later run finds the remembered ports, though the preferred ones are still taken.
      expect(urlsFrom((await checkout.run('start')).stdout)).toEqual(urls);

      await checkout.run('stop');
      await waitFor(
        async () =>
          !(await accepts(portOf(urls.databaseUrl))) && !(await accepts(portOf(urls.redisUrl))),
        {
          timeoutMs: 15_000,
          description: 'our ports closed',
        },
      );
      // The foreign listeners were left alone.
      expect(await accepts(pgPort)).toBe(true);
      expect(await accepts(redisPort)).toBe(true);
    } finally {
      await checkout.remove();
      await Promise.all(foreign.map((s) => new Promise((r) => s.close(r))));
    }
  });

  it('without the binaries and no way to install them: one line saying what to install, nothing started', async () => {
    // No redis-server (nor apt-get) on PATH: as a non-root user, or root without apt.
    const checkout = privateCheckout({
      PATH: '/nonexistent',
      ILN_LOCAL_PG_PORT: String(await freePort()),
      ILN_LOCAL_REDIS_PORT: String(await freePort()),
    });
    try {
      const stderr = await checkout.run('start').then(
        () => null,
        (e: Error & { stderr: string }) => e.stderr,
      );
      expect(stderr).not.toBeNull();
      const output = stderr!.split('\n').filter((line) => line.trim() !== '');
      expect(output).toHaveLength(1);
      expect(output[0]).toMatch(
        /is needed and not installed\. Install \(Debian: apt-get install .*redis-server\)/,
      );
      expect(existsSync(join(checkout.dir, '.local'))).toBe(false);
    } finally {
      rmSync(checkout.dir, { recursive: true, force: true });
    }
  });
});
