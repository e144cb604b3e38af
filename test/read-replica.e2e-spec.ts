// Queries on a real PostgreSQL streaming replica (DATABASE_READ_URL; README, Past one
// machine). A private primary and a hot standby made from it by `pg_basebackup -R`; the
// compiled API reads through the standby, the compiled worker projects on the primary.
// Replay paused on the standby (`pg_wal_replay_pause()`) proves where the answers come
// from: the old state without Await-Position, a wait and 503 with it, an answer once
// replay resumes; and what was erased on the primary is never shown from the standby.
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { createEventStore, type EventStore } from '@iln/event-store';
import { upsertReferenceData } from '@iln/case-coordination';
import { freePort, startCompiled, testRedisUrl, waitFor, waitForHttp, type RunningProcess } from '@iln/testing';
import { startPrivateReplicatedPostgres, type PrivateReplicatedPostgres } from '@iln/testing/faults/private-replica';
import { devTokenFrom, openBody } from './cases-helpers';

jest.setTimeout(120_000);

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
  ms: number;
}

describe('queries on a streaming replica (DATABASE_READ_URL)', () => {
  let pg: PrivateReplicatedPostgres;
  let primary: Pool;
  let replica: Pool;
  let store: EventStore;
  let api: string;
  let worker: string;
  const started: RunningProcess[] = [];
  const tokens: Record<string, string> = {};
  let baseEnv: Record<string, string>;

  const call = async (method: string, path: string, who: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> => {
    const t0 = Date.now();
    const res = await fetch(`${api}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${tokens[who]}`,
        ...(options.body ? { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() } : {}),
        ...options.headers,
      },
      body: options.body ? JSON.stringify(options.body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers, ms: Date.now() - t0 };
  };
  const get = (path: string, who: string, awaitPosition?: string) =>
    call('GET', path, who, { headers: awaitPosition ? { 'Await-Position': awaitPosition } : {} });

  /** The lowest checkpoint of these projections, as stored on one server. */
  const lowestOn = async (pool: Pool, projections: string[]): Promise<string | null> => {
    const { rows } = await pool.query<{ position: string | null }>(`SELECT position FROM projection_checkpoints WHERE projection = ANY ($1::text[])`, [projections]);
    if (rows.length < projections.length || rows.some((r) => r.position === null)) return null;
    return rows.map((r) => r.position!).reduce((a, b) => (store.compareCheckpoints(a, b) <= 0 ? a : b));
  };
  const reached = (position: string | null, target: string) => position !== null && store.compareCheckpoints(position, target) >= 0;
  const appliedOnPrimary = (projections: string[], target: string) =>
    waitFor(async () => reached(await lowestOn(primary, projections), target), { timeoutMs: 20_000, description: `the worker applying ${target} on the primary` });

  const openCase = async (familyName: string): Promise<{ caseId: string; position: string }> => {
    const res = await call('POST', '/api/cases', 'grays', { body: openBody({ resident: { givenName: 'Ada', familyName, dateOfBirth: '1948-03-14', nhsNumber: '943 476 5919', postcode: 'RM17 6XX' } }) });
    expect(res.status).toBe(201);
    return { caseId: res.body.caseId as string, position: res.headers.get('event-position')! };
  };
  const addNote = async (caseId: string, text: string): Promise<string> => {
    const res = await call('POST', `/api/cases/${caseId}/notes`, 'grays', { body: { text } });
    expect(res.status).toBe(201);
    return res.headers.get('event-position')!;
  };

  beforeAll(async () => {
    pg = await startPrivateReplicatedPostgres();
    primary = new Pool({ connectionString: pg.primaryUrl, max: 3 });
    replica = new Pool({ connectionString: pg.replicaUrl, max: 3 });
    // Its idle connections die with the standby in the outage test.
    replica.on('error', () => undefined);
    store = createEventStore({ kind: 'postgres', pool: primary });
    await upsertReferenceData(primary);
    const [apiPort, workerPort] = [await freePort(), await freePort()];
    const env = (baseEnv = {
      NODE_ENV: 'test',
      DATABASE_URL: pg.primaryUrl,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: `iln-replica-${randomUUID().slice(0, 8)}`,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_PER_IP_PER_MINUTE: '0',
    });
    started.push(startCompiled('apps/api/src/main.js', { ...env, DATABASE_READ_URL: pg.replicaUrl, PORT: String(apiPort) }));
    started.push(startCompiled('apps/worker/src/main.js', { ...env, WORKER_PORT: String(workerPort) }));
    api = `http://127.0.0.1:${apiPort}`;
    worker = `http://127.0.0.1:${workerPort}`;
    await waitForHttp(`${api}/health/ready`, 60_000).catch((e: Error) => {
      throw new Error(`${e.message}; API output: ${started[0].output().slice(-1500)}`);
    });
    await waitForHttp(`${worker}/health/ready`, 60_000);
    const person = (sub: string, roles: string[], localities: string[], organisation = 'council') =>
      devTokenFrom(api, { sub, name: `Person ${sub}`, roles, organisation, localities });
    tokens.grays = await person('p-grays-1', ['practitioner'], ['grays']);
    tokens.tilbury = await person('p-tilbury-1', ['practitioner'], ['tilbury']);
    tokens.elsewhere = await person('p-elsewhere-9', ['practitioner'], ['tilbury-chadwell']);
    tokens.partner = await person('p-partner-1', ['partner'], ['*'], 'nhs-trust');
    tokens.frontDoor = await person('p-front-1', ['front-door'], ['*']);
    tokens.auditor = await person('p-audit-1', ['auditor'], ['*']);
    tokens.officer = await person('p-records-1', ['records-officer'], ['*']);
  });

  afterAll(async () => {
    await pg?.resumeReplay().catch(() => undefined);
    for (const p of started) await p.stop('SIGTERM');
    await store?.close().catch(() => undefined);
    await primary?.end().catch(() => undefined);
    await replica?.end().catch(() => undefined);
    pg?.destroy();
  });

  it('reads through the standby: a command, then a GET with Await-Position shows it, with the standby\'s position', async () => {
    const { caseId, position } = await openCase('Replicaread');
    const res = await get(`/api/cases/${caseId}`, 'grays', position);
    expect(res.status).toBe(200);
    expect(res.body.caseId).toBe(caseId);
    const answered = res.headers.get('projection-position');
    expect(reached(answered, position)).toBe(true);
    // The API holds connections on the standby under its own name; the standby is in recovery.
    const { rows } = await replica.query<{ n: number; recovering: boolean }>(
      `SELECT count(*)::int AS n, pg_is_in_recovery() AS recovering FROM pg_stat_activity WHERE application_name = 'iln-api-read'`,
    );
    expect(rows[0]).toEqual({ n: expect.any(Number), recovering: true });
    expect(rows[0].n).toBeGreaterThan(0);
    const ready = (await (await fetch(`${api}/health/ready`)).json()) as { checks: Record<string, { status: string; detail?: Record<string, unknown> }> };
    expect(ready.checks.replica).toEqual({ status: 'up', detail: { lagSeconds: expect.any(Number), paused: false } });
  });

  it('with replay paused: the old state without Await-Position, the standby\'s Projection-Position, 503 after the limit, an answer once replay resumes', async () => {
    const { caseId, position: opened } = await openCase('Replicapause');
    await appliedOnPrimary(['notes', 'case-detail'], opened);
    await pg.caughtUp();
    await pg.pauseReplay();
    const before = await lowestOn(replica, ['notes', 'case-detail']);

    const written = await addNote(caseId, 'Written while the standby is paused');
    await appliedOnPrimary(['notes', 'case-detail'], written);
    expect(reached(await lowestOn(primary, ['notes', 'case-detail']), written)).toBe(true);

    // Without Await-Position: what the standby has (no note), at the standby's position, not the primary's.
    const old = await get(`/api/cases/${caseId}/notes`, 'grays');
    expect(old.status).toBe(200);
    expect(JSON.stringify(old.body)).not.toContain('Written while the standby is paused');
    expect(old.headers.get('projection-position')).toBe(before);
    expect(reached(old.headers.get('projection-position'), written)).toBe(false);

    // With it: waits the 5 s limit on the standby's checkpoints, then 503, though the primary has it.
    const behind = await get(`/api/cases/${caseId}/notes`, 'grays', written);
    expect([behind.status, behind.body.type, behind.headers.get('retry-after')]).toEqual([503, '/problems/projections-behind', '1']);
    expect(behind.ms).toBeGreaterThanOrEqual(4900);

    // Readiness names the paused replay (still up: lag means waiting, not wrong answers); the metric is there.
    const ready = (await (await fetch(`${api}/health/ready`)).json()) as { status: string; checks: Record<string, { status: string; detail?: Record<string, unknown> }> };
    expect(ready.checks.replica).toMatchObject({ status: 'up', detail: { paused: true } });
    expect(ready.checks.replica.detail!.lagSeconds as number).toBeGreaterThan(0);
    const metrics = await (await fetch(`${api}/metrics`)).text();
    const lag = /^database_replica_replay_lag_seconds\{[^}]*\} (\S+)$/m.exec(metrics);
    expect(Number(lag?.[1])).toBeGreaterThan(0);
    expect(/^database_replica_replay_lag_bytes\{[^}]*\} (\S+)$/m.exec(metrics)).not.toBeNull();

    // A wait in flight is answered once the standby replays again.
    const waiting = get(`/api/cases/${caseId}/notes`, 'grays', written);
    await pg.resumeReplay();
    const after = await waiting;
    expect(after.status).toBe(200);
    expect(JSON.stringify(after.body)).toContain('Written while the standby is paused');
    expect(after.ms).toBeLessThan(5000);
    expect(reached(after.headers.get('projection-position'), written)).toBe(true);
  });

  it('a case erased on the primary and not yet replayed: 410 for it, and in no list, though the standby still holds its rows', async () => {
    const { caseId, position } = await openCase('Replicaerase');
    const found = await get('/api/cases?q=replicaerase', 'grays', position);
    expect([found.status, found.body.total]).toEqual([200, 1]);
    await pg.caughtUp();
    await pg.pauseReplay();
    try {
      const erased = await call('POST', `/api/cases/${caseId}/erase`, 'officer', { body: { reason: 'Opened in error' } });
      expect(erased.status).toBe(200);
      const { rows } = await replica.query<{ resident_name: string; erased_at: Date | null }>(`SELECT resident_name, erased_at FROM rm_case_list WHERE case_id = $1`, [caseId]);
      expect(rows).toEqual([{ resident_name: expect.stringContaining('Replicaerase'), erased_at: null }]);

      for (const path of [`/api/cases/${caseId}`, `/api/cases/${caseId}/notes`, `/api/cases/${caseId}/timeline`]) {
        const res = await get(path, 'grays');
        expect([path, res.status, res.body.type, res.body.caseId]).toEqual([path, 410, '/problems/case-erased', caseId]);
      }
      for (const who of ['grays', 'frontDoor', 'auditor']) {
        const list = await get('/api/cases?q=replicaerase', who);
        expect([who, list.status, list.body.total, list.body.items]).toEqual([who, 200, 0, []]);
        expect(JSON.stringify(list.body)).not.toContain('Replicaerase');
      }
    } finally {
      await pg.resumeReplay();
    }
  });

  it('the same role and relationship checks on the standby: other localities, partners off the care team, the front door and a removed care-team member (now and as it stood) see nothing of the case', async () => {
    const { caseId, position } = await openCase('Replicaroles');
    await pg.caughtUp();
    const own = await get(`/api/cases/${caseId}`, 'grays', position);
    expect(own.status).toBe(200);
    expect((await get(`/api/cases/${caseId}`, 'tilbury', position)).status).toBe(404);
    expect((await get(`/api/cases/${caseId}/timeline`, 'partner', position)).status).toBe(404);
    expect((await get(`/api/cases/${caseId}`, 'frontDoor', position)).status).toBe(403);
    expect((await get('/api/worklist', 'auditor', position)).status).toBe(403);
    const elsewhere = await get('/api/cases?q=replicaroles', 'tilbury', position);
    expect([elsewhere.status, elsewhere.body.total]).toEqual([200, 0]);
    const partnerList = await get('/api/cases?q=replicaroles', 'partner', position);
    expect([partnerList.status, partnerList.body.total]).toEqual([200, 0]);
    // The front door finds it (summary only), as on the primary.
    const frontDoor = await get('/api/cases?q=replicaroles', 'frontDoor', position);
    expect([frontDoor.status, frontDoor.body.total]).toEqual([200, 1]);

    // An ended relationship: a practitioner of another locality on the care team reads the
    // case; once removed (and replayed), nothing, not even the case as it stood while a member.
    const added = await call('POST', `/api/cases/${caseId}/care-team`, 'grays', { body: { memberId: 'p-elsewhere-9', name: 'Person p-elsewhere-9', organisation: 'council', role: 'social worker' } });
    expect(added.status).toBe(201);
    const member = await get(`/api/cases/${caseId}`, 'elsewhere', added.headers.get('event-position')!);
    expect(member.status).toBe(200);
    const whileMember = new Date().toISOString();
    const removed = await call('DELETE', `/api/cases/${caseId}/care-team/p-elsewhere-9`, 'grays', { headers: { 'Idempotency-Key': randomUUID() } });
    expect(removed.status).toBe(200);
    const after = removed.headers.get('event-position')!;
    expect((await get(`/api/cases/${caseId}`, 'elsewhere', after)).status).toBe(404);
    expect((await get(`/api/cases/${caseId}?asAt=${encodeURIComponent(whileMember)}`, 'elsewhere', after)).status).toBe(404);
    expect((await get(`/api/cases/${caseId}/notes`, 'elsewhere', after)).status).toBe(404);
    const search = await get('/api/cases?q=replicaroles', 'elsewhere', after);
    expect([search.status, search.body.total]).toEqual([200, 0]);
  });

  it('read-your-writes latency through the standby against the primary, and what a LISTEN on the primary would have found there', async () => {
    const { caseId, position } = await openCase('Replicalatency');
    await appliedOnPrimary(['notes', 'case-detail'], position);
    // The same API on the primary alone (no DATABASE_READ_URL): today's LISTEN path, for comparison.
    const primaryPort = await freePort();
    const onPrimary = startCompiled('apps/api/src/main.js', { ...baseEnv, PORT: String(primaryPort) });
    started.push(onPrimary);
    const primaryApi = `http://127.0.0.1:${primaryPort}`;
    await waitForHttp(`${primaryApi}/health/ready`, 60_000);
    const primaryToken = await devTokenFrom(primaryApi, { sub: 'p-grays-1', name: 'Person p-grays-1', roles: ['practitioner'], organisation: 'council', localities: ['grays'] });

    // A LISTEN on the primary, as the alternative to polling: when the notes checkpoint's
    // NOTIFY arrives, has the standby replayed it yet? If not, how long until it has?
    const listener = new Client({ connectionString: pg.primaryUrl });
    await listener.connect();
    let target: string | null = null;
    const atNotify: Array<Promise<number>> = [];
    listener.on('notification', (n) => {
      const wanted = target;
      if (n.payload !== 'notes' || !wanted) return;
      target = null;
      const t0 = Date.now();
      atNotify.push(
        (async () => {
          for (let tries = 0; ; tries++) {
            if (reached(await lowestOn(replica, ['notes']), wanted)) return tries === 0 ? 0 : Date.now() - t0;
            if (Date.now() - t0 > 2000) return Number.POSITIVE_INFINITY;
          }
        })(),
      );
    });
    await listener.query('LISTEN projection_checkpoints');
    const rounds = { standby: [] as number[], primary: [] as number[] };
    try {
      for (let i = 0; i < 20; i++) {
        for (const [path, base, token] of [['standby', api, tokens.grays], ['primary', primaryApi, primaryToken]] as const) {
          const t0 = Date.now();
          const res = await fetch(`${base}/api/cases/${caseId}/notes`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
            body: JSON.stringify({ text: `Latency note ${path} ${i}` }),
          });
          expect(res.status).toBe(201);
          const written = res.headers.get('event-position')!;
          if (path === 'standby') target = written;
          const read = await fetch(`${base}/api/cases/${caseId}/notes`, { headers: { Authorization: `Bearer ${token}`, 'Await-Position': written } });
          expect(read.status).toBe(200);
          expect(await read.text()).toContain(`Latency note ${path} ${i}`);
          rounds[path].push(Date.now() - t0);
        }
      }
    } finally {
      await listener.end();
    }
    const delays = await Promise.all(atNotify);
    const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
    const missed = delays.filter((d) => d > 0);
    process.stdout.write(
      `read replica: a note then its awaited GET, 20 rounds each: through the standby (poll every 20 ms) p50 ${pct(rounds.standby, 0.5)} ms, max ${pct(rounds.standby, 1)} ms; ` +
        `on the primary (LISTEN) p50 ${pct(rounds.primary, 0.5)} ms, max ${pct(rounds.primary, 1)} ms. ` +
        `At the primary's NOTIFY the standby already had the checkpoint ${delays.length - missed.length} of ${delays.length} times; ` +
        `otherwise it had it ${missed.length ? `${pct(missed, 0.5)} ms later (median), ${pct(missed, 1)} ms at most` : '-'}\n`,
    );
    expect(pct(rounds.standby, 1)).toBeLessThan(5000);
  });

  it('the standby down: queries answer 503 dependency-unavailable and readiness says replica down, commands still work; back by itself', async () => {
    const { caseId, position } = await openCase('Replicadown');
    await get(`/api/cases/${caseId}`, 'grays', position);
    pg.stopReplica();
    try {
      const refused = await waitFor(
        async () => {
          const res = await get(`/api/cases/${caseId}`, 'grays');
          return res.status === 503 ? res : undefined;
        },
        { timeoutMs: 20_000, description: 'a query answered 503 while the standby is down' },
      );
      expect(refused.body.type).toBe('/problems/dependency-unavailable');
      const ready = await fetch(`${api}/health/ready`);
      const body = (await ready.json()) as { checks: Record<string, { status: string }> };
      expect([ready.status, body.checks.replica.status, body.checks.database.status]).toEqual([503, 'down', 'up']);
      // Writes are the primary's: a note is still taken.
      await addNote(caseId, 'Taken while the standby is down');
    } finally {
      pg.startReplica();
    }
    await waitForHttp(`${api}/health/ready`, 30_000);
    const written = await addNote(caseId, 'After the standby is back');
    const res = await get(`/api/cases/${caseId}/notes`, 'grays', written);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('Taken while the standby is down');
  });

  it('a DATABASE_READ_URL that is not a PostgreSQL URL is a config error (exit 78), its secret never printed', async () => {
    const port = await freePort();
    const bad = startCompiled('apps/api/src/main.js', {
      NODE_ENV: 'test',
      DATABASE_URL: pg.primaryUrl,
      DATABASE_READ_URL: 'mysql://reader:s3cret-pass@10.0.0.9/iln',
      REDIS_URL: testRedisUrl(),
      PORT: String(port),
    });
    started.push(bad);
    const { code } = await bad.exited;
    expect(code).toBe(78);
    expect(bad.output()).toContain('config error: DATABASE_READ_URL: expected a URL starting postgres:// or postgresql://');
    expect(bad.output()).not.toContain('s3cret-pass');
  });
});
