// PostgreSQL stops (immediate shutdown: a crash) under a load of commands. A private
// cluster, so the shared one other tests use is never touched. While it is down the API
// answers 503 problem+json and both /health/ready say so; when it is back, API and
// worker recover by themselves and no acknowledged command is lost.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createEventStore, type EventStore } from '@iln/event-store';
import { ALL_PROJECTIONS, readCheckpoints, upsertReferenceData } from '@iln/case-coordination';
import { freePort, startCompiled, testRedisUrl, waitFor, waitForHttp, type RunningProcess } from '@iln/testing';
import { CommandLoad, notesByRequest } from '@iln/testing/faults/command-load';
import { startPrivatePostgres, type PrivatePostgres } from '@iln/testing/faults/private-postgres';
import { devTokenFrom, openCasesOn } from '../cases-helpers';

jest.setTimeout(240_000);

describe('PostgreSQL restart under load', () => {
  let pg: PrivatePostgres;
  let pool: Pool;
  let store: EventStore;
  const started: RunningProcess[] = [];
  let load: CommandLoad | undefined;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    pool = new Pool({ connectionString: pg.url, max: 3 });
    // Connections this pool holds die with the server; that is the point of the test.
    pool.on('error', () => undefined);
    store = createEventStore({ kind: 'postgres', pool });
    await upsertReferenceData(pool);
  });

  afterAll(async () => {
    await load?.stop();
    for (const p of started) await p.stop('SIGKILL');
    await store?.close().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    pg?.destroy();
  });

  it('503 while down, ready again on its own, no acknowledged command lost', async () => {
    const [apiPort, workerPort] = [await freePort(), await freePort()];
    const env = {
      NODE_ENV: 'test',
      AUTH_MODE: 'dev',
      DATABASE_URL: pg.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: `iln-pg-${randomUUID().slice(0, 8)}`,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '10000000',
      RATE_LIMIT_PER_IP_PER_MINUTE: '10000000',
    };
    started.push(startCompiled('apps/api/src/main.js', { ...env, PORT: String(apiPort) }));
    started.push(startCompiled('apps/worker/src/main.js', { ...env, WORKER_PORT: String(workerPort) }));
    const api = `http://127.0.0.1:${apiPort}`;
    const worker = `http://127.0.0.1:${workerPort}`;
    await waitForHttp(`${api}/health/ready`, 60_000);
    await waitForHttp(`${worker}/health/ready`, 60_000);

    const accessToken = await devTokenFrom(api, { sub: 'p-load-1', name: 'Load Practitioner', roles: ['practitioner'], organisation: 'council', localities: ['*'] });
    const caseIds = await openCasesOn(api, accessToken, 16);

    const running = new CommandLoad(api, accessToken, caseIds, 8);
    load = running;
    running.start();
    await waitFor(() => running.tally().acknowledged >= 150, { timeoutMs: 60_000, description: '150 acknowledged before the outage' });
    pg.stop('immediate');
    const ackedBeforeOutage = running.tally().acknowledged;

    // While it is down: commands are refused with 503 problem+json, and both processes say not ready.
    const refusal = await waitFor(
      async () => {
        const o = await running.send(caseIds[0]);
        return o.status === 503 ? o : undefined;
      },
      { timeoutMs: 30_000, description: 'a command answered 503 during the outage' },
    );
    expect(refusal.contentType).toMatch(/^application\/problem\+json/);
    expect(refusal.problemType).toBe('/problems/dependency-unavailable');
    const apiReady = await waitFor(
      async () => {
        const res = await fetch(`${api}/health/ready`);
        return res.status === 503 ? ((await res.json()) as { checks: Record<string, { status: string }> }) : undefined;
      },
      { timeoutMs: 30_000, description: 'API /health/ready reporting the outage' },
    );
    expect(apiReady.checks.database.status).toBe('down');
    const workerReady = await waitFor<{ checks: Record<string, { status: string }> }>(
      async () => {
        const res = await fetch(`${worker}/health/ready`);
        return res.status === 503 ? ((await res.json()) as { checks: Record<string, { status: string }> }) : undefined;
      },
      { timeoutMs: 30_000, description: 'worker /health/ready reporting the outage' },
    ).catch((e: Error) => {
      throw new Error(`${e.message}; worker exit ${started[1].child.exitCode} ${started[1].child.signalCode}: ${started[1].output().slice(-1500)}`);
    });
    expect(workerReady.checks.database.status).toBe('down');
    const duringOutage = running.tally();

    pg.start();
    // Nobody restarts the API or the worker: they must find the database again themselves.
    await waitForHttp(`${api}/health/ready`, 60_000);
    await waitForHttp(`${worker}/health/ready`, 60_000);
    await waitFor(() => running.tally().acknowledged >= duringOutage.acknowledged + 150, {
      timeoutMs: 60_000,
      description: '150 more acknowledged after the restart',
    });
    const tally = await running.stop();

    const unexpected = running.outcomes.filter(
      (o) => o.status !== 'no-answer' && o.status >= 300 && !(o.status === 503 || (o.status === 409 && o.problemType === '/problems/concurrent-modification')),
    );
    expect(unexpected.map((o) => ({ status: o.status, type: o.problemType }))).toEqual([]);
    const acknowledged = running.acknowledged();
    const logged = await notesByRequest(pool, acknowledged.map((o) => o.requestId));
    expect(acknowledged.filter((o) => logged.get(o.requestId) !== 1).map((o) => ({ requestId: o.requestId, inLog: logged.get(o.requestId) ?? 0 }))).toEqual([]);

    // The worker resumed projecting by itself: every projection reaches the head.
    const head = await store.headPosition();
    const names = ALL_PROJECTIONS.map((p) => p.name);
    await waitFor(
      async () => (await readCheckpoints({ query: (sql: string, params?: unknown[]) => pool.query(sql, params).then((r) => r.rows) }, names)).every((r) => r.position !== null && store.compareCheckpoints(r.position, head) >= 0),
      { timeoutMs: 60_000, description: 'projections caught up after the outage' },
    );

    const refused503 = tally.refused[503] ?? 0;
    process.stdout.write(
      `postgres restart: ${tally.attempted} commands attempted, ${tally.acknowledged} acknowledged (${ackedBeforeOutage} before the outage), ` +
        `${acknowledged.length} in the log exactly once; ${refused503} answered 503 during the outage, ${tally.noAnswer} unanswered\n`,
    );
  });
});
