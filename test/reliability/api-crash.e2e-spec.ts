// kill -9 the API in the middle of a load of commands: every command that was answered
// 2xx is in the event log exactly once, and retrying the unanswered ones with their
// Idempotency-Key after the restart answers every one of them at once (none held "in
// flight") and leaves each in the log exactly once: written by the dead request and
// answered from the log, or written by the retry.
import { Pool } from 'pg';
import { upsertReferenceData } from '@iln/case-coordination';
import { createTestDatabase, freePort, startCompiled, testRedisUrl, waitFor, waitForHttp, type RunningProcess, type TestDatabase } from '@iln/testing';
import { CommandLoad, notesByRequest } from '@iln/testing/faults/command-load';
import { devTokenFrom, openCasesOn } from '../cases-helpers';

jest.setTimeout(180_000);

describe('API killed under load', () => {
  let db: TestDatabase;
  let pool: Pool;
  let port: number;
  const started: RunningProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 3 });
    await upsertReferenceData(pool);
    port = await freePort();
  });

  afterAll(async () => {
    for (const p of started) await p.stop('SIGKILL');
    await pool?.end();
    await db?.drop();
  });

  const startApi = async (): Promise<RunningProcess> => {
    const proc = startCompiled('apps/api/src/main.js', {
      NODE_ENV: 'test',
      AUTH_MODE: 'dev',
      // The load keeps its token across the restart: both processes must sign alike.
      DEV_TOKEN_SECRET: 'api-crash-test-secret-shared-by-both-starts',
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
      PORT: String(port),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '10000000',
      RATE_LIMIT_PER_IP_PER_MINUTE: '10000000',
    });
    started.push(proc);
    await waitForHttp(`http://127.0.0.1:${port}/health/live`, 60_000);
    return proc;
  };

  it('every acknowledged command is in the log once; unanswered retries are not doubled', async () => {
    const baseUrl = `http://127.0.0.1:${port}`;
    const first = await startApi();
    const accessToken = await devTokenFrom(baseUrl, { sub: 'p-load-1', name: 'Load Practitioner', roles: ['practitioner'], organisation: 'council', localities: ['*'] });
    const caseIds = await openCasesOn(baseUrl, accessToken, 24);

    const load = new CommandLoad(baseUrl, accessToken, caseIds, 16);
    load.start();
    await waitFor(() => load.tally().acknowledged >= 300, { timeoutMs: 60_000, description: '300 acknowledged commands before the kill' });
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const atKill = load.tally().acknowledged;
    await waitFor(() => load.tally().noAnswer >= 16, { timeoutMs: 30_000, description: 'clients finding the API gone' });

    await startApi();
    await waitFor(() => load.tally().acknowledged >= atKill + 300, { timeoutMs: 60_000, description: '300 more acknowledged after the restart' });
    const tally = await load.stop();

    // Under this contention a command may exhaust its append retries: a 409 that wrote nothing.
    const refused = load.outcomes.filter((o) => typeof o.status === 'number' && o.status >= 300);
    expect(refused.filter((o) => o.status !== 409 || o.problemType !== '/problems/concurrent-modification')).toEqual([]);
    expect([...(await notesByRequest(pool, refused.map((o) => o.requestId))).keys()]).toEqual([]);
    const acknowledged = load.acknowledged();
    const logged = await notesByRequest(pool, acknowledged.map((o) => o.requestId));
    const missing = acknowledged.filter((o) => logged.get(o.requestId) !== 1);
    expect(missing.map((o) => ({ requestId: o.requestId, inLog: logged.get(o.requestId) ?? 0 }))).toEqual([]);

    // The client of an unanswered command retries it with the same key and body. The key
    // may be left claimed by the killed process, and the dead request may have written:
    // the retry finds its events if so (the event ids derive from the key), else writes.
    const unanswered = load.outcomes.filter((o) => o.status === 'no-answer');
    const savedBeforeRetry = await notesByRequest(pool, unanswered.map((o) => o.requestId));
    const retried: Awaited<ReturnType<CommandLoad['send']>>[] = [];
    const queue = [...unanswered];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let o = queue.shift(); o; o = queue.shift()) retried.push(await load.send(o.caseId, o.requestId, o.body));
      }),
    );
    const rerun = retried.filter((r) => typeof r.status === 'number' && r.status < 300);
    // Every retry answered 2xx (or, under this contention, 409 concurrent-modification having written nothing).
    const conflicted = retried.filter((r) => r.status === 409 && r.problemType === '/problems/concurrent-modification');
    expect(retried.filter((r) => !rerun.includes(r) && !conflicted.includes(r)).map((r) => ({ status: r.status, type: r.problemType }))).toEqual([]);
    const afterRetry = await notesByRequest(pool, unanswered.map((o) => o.requestId));
    expect(unanswered.filter((o) => (afterRetry.get(o.requestId) ?? 0) > 1)).toEqual([]);
    expect(rerun.filter((r) => afterRetry.get(r.requestId) !== 1)).toEqual([]);
    const answeredFromLog = rerun.filter((r) => savedBeforeRetry.get(r.requestId) === 1).length;

    const totalNotes = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM es_events WHERE type = 'NoteAdded'`)).rows[0].n);
    const unansweredSaved = [...afterRetry.values()].reduce((a, b) => a + b, 0);
    expect(totalNotes).toBe(acknowledged.length + unansweredSaved);
    process.stdout.write(
      `api crash: ${tally.attempted} commands attempted, ${tally.acknowledged} acknowledged (${atKill} before the kill), ` +
        `${acknowledged.length} of them in the log exactly once; ${tally.noAnswer} unanswered (${unansweredSaved} of them saved before the kill or by a retry, ` +
        `none twice; ${rerun.length} retries answered 2xx, ${answeredFromLog} of them from the dead request's events, ${conflicted.length} 409 concurrent-modification); ${refused.length} refused 409 concurrent-modification, none in the log\n`,
    );
  });
});
