// Fault injection: the API is killed (SIGKILL) after a command is appended and before
// its response is stored or sent. After a restart, the client's retry with the same
// Idempotency-Key is answered at once (no 409 in flight), from the events the dead
// request wrote: exactly one note, the same case for an opening, no reference gap.
import { Pool } from 'pg';
import { upsertReferenceData } from '@iln/case-coordination';
import {
  createTestDatabase,
  freePort,
  startCompiled,
  testRedisUrl,
  waitForHttp,
  type RunningProcess,
  type TestDatabase,
} from '@iln/testing';
import { devTokenFrom, openBody, openCasesOn } from '../cases-helpers';

jest.setTimeout(180_000);

describe('API killed between the append and the response', () => {
  let db: TestDatabase;
  let pool: Pool;
  let port: number;
  let baseUrl: string;
  const started: RunningProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 3 });
    await upsertReferenceData(pool);
    port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    for (const p of started) await p.stop('SIGKILL');
    await pool?.end();
    await db?.drop();
  });

  const startApi = async (killAfterAppendKey?: string): Promise<RunningProcess> => {
    const proc = startCompiled('apps/api/src/main.js', {
      NODE_ENV: 'test',
      AUTH_MODE: 'dev',
      DEV_TOKEN_SECRET: 'idempotency-crash-test-secret-0123456789',
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl(),
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...(killAfterAppendKey ? { FAULT_KILL_AFTER_APPEND_KEY: killAfterAppendKey } : {}),
    });
    started.push(proc);
    await waitForHttp(`${baseUrl}/health/live`, 60_000);
    return proc;
  };

  const post = async (token: string, path: string, key: string, body: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': key,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    return {
      status: res.status,
      text: await res.text(),
      etag: res.headers.get('etag'),
      position: res.headers.get('event-position'),
      location: res.headers.get('location'),
    };
  };

  /** Sends the request the fault is armed for: the process dies before it answers. */
  const postAndDie = async (
    proc: RunningProcess,
    token: string,
    path: string,
    key: string,
    body: unknown,
  ) => {
    await expect(post(token, path, key, body)).rejects.toThrow();
    expect((await proc.exited).signal).toBe('SIGKILL');
  };

  const count = async (sql: string, params: unknown[]) =>
    Number((await pool.query<{ n: string }>(sql, params)).rows[0].n);

  it('a note and an opening retried after the restart are each written once and answered from the log', async () => {
    const claims = {
      sub: 'p-crash-1',
      name: 'Crash Practitioner',
      roles: ['practitioner'],
      organisation: 'council',
      localities: ['*'],
    };
    let api = await startApi('kill-after-append');
    const token = await devTokenFrom(baseUrl, claims);
    const [caseId] = await openCasesOn(baseUrl, token, 1);
    const referencesBefore = await count(`SELECT count(*) AS n FROM case_references`, []);

    // 1. a note: killed after its append
    const note = { text: 'Seen at home, needs a rail' };
    await postAndDie(api, token, `/api/cases/${caseId}/notes`, 'kill-after-append-note', note);
    expect(
      await count(
        `SELECT count(*) AS n FROM es_events WHERE stream_id = $1 AND type = 'NoteAdded'`,
        [`case-${caseId}`],
      ),
    ).toBe(1);
    // the key is left "in flight" by the dead process
    expect(
      await count(
        `SELECT count(*) AS n FROM idempotency_keys WHERE key = 'kill-after-append-note' AND status_code IS NULL`,
        [],
      ),
    ).toBe(1);

    // 2. an opening: killed after its append
    api = await startApi('kill-after-append');
    await postAndDie(api, token, '/api/cases', 'kill-after-append-open', openBody());

    await startApi();
    // The retries: answered promptly, from the events the dead requests wrote.
    let t = Date.now();
    const noteRetry = await post(
      token,
      `/api/cases/${caseId}/notes`,
      'kill-after-append-note',
      note,
    );
    expect(Date.now() - t).toBeLessThan(5_000);
    expect(noteRetry.status).toBe(201);
    const stored = await pool.query<{ data: { noteId: string }; version: string }>(
      `SELECT data, version FROM es_events WHERE stream_id = $1 AND type = 'NoteAdded'`,
      [`case-${caseId}`],
    );
    expect(stored.rows).toHaveLength(1);
    const answered = JSON.parse(noteRetry.text) as {
      caseId: string;
      version: number;
      noteId: string;
    };
    expect(answered).toEqual({
      caseId,
      version: Number(stored.rows[0].version),
      noteId: stored.rows[0].data.noteId,
    });
    expect(noteRetry.etag).toBe(`"${answered.version}"`);
    expect(noteRetry.location).toBe(`/api/cases/${caseId}/notes/${answered.noteId}`);

    t = Date.now();
    const openRetry = await post(token, '/api/cases', 'kill-after-append-open', openBody());
    expect(Date.now() - t).toBeLessThan(5_000);
    expect(openRetry.status).toBe(201);
    const opened = JSON.parse(openRetry.text) as {
      caseId: string;
      reference: string;
      version: number;
    };
    // One case, opened by the dead request; its reservation is the one the retry answered.
    expect(await count(`SELECT count(*) AS n FROM case_references`, [])).toBe(referencesBefore + 1);
    expect(
      (
        await pool.query(`SELECT reference FROM case_references WHERE case_id = $1`, [
          opened.caseId,
        ])
      ).rows,
    ).toEqual([{ reference: opened.reference }]);
    expect(await count(`SELECT count(*) AS n FROM es_events WHERE type = 'CaseOpened'`, [])).toBe(
      referencesBefore + 1,
    );
    expect(
      await count(`SELECT count(*) AS n FROM es_events WHERE stream_id = $1`, [
        `case-${opened.caseId}`,
      ]),
    ).toBe(opened.version);

    // Later retries are plain replays of those answers, byte for byte.
    const again = await post(token, `/api/cases/${caseId}/notes`, 'kill-after-append-note', note);
    expect(again).toEqual(noteRetry);
    const openAgain = await post(token, '/api/cases', 'kill-after-append-open', openBody());
    expect(openAgain).toEqual(openRetry);
    expect(
      await count(
        `SELECT count(*) AS n FROM es_events WHERE stream_id = $1 AND type = 'NoteAdded'`,
        [`case-${caseId}`],
      ),
    ).toBe(1);
  });
});
