// Idempotency-Key made sound (issue 19): the key is recorded by the command's own
// events (ids derived from it), so a command is written once even when the response
// store fails after the append, and a retry gets the first response byte for byte.
// The process-kill variant is in idempotency-crash.e2e-spec.ts.
import { checkedFetch, startApiHarness, type ApiHarness } from '@iln/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { IdempotencyStore } from '../../apps/api/src/http/idempotency.store';
import { caller, openBody, openCase, streamLength, type Caller } from '../cases-helpers';

jest.setTimeout(120_000);

interface Answer {
  status: number;
  text: string;
  etag: string | null;
  position: string | null;
  location: string | null;
  replayed: string | null;
}

describe('Idempotency-Key when the response store fails', () => {
  let h: ApiHarness;
  let worker: Caller;
  let store: IdempotencyStore;

  beforeAll(async () => {
    h = await startApiHarness({ createApp: (config) => createApiApp(config, { logs: false }) });
    worker = await caller(h, { sub: 'p-idem-1', roles: ['practitioner'], localities: ['grays'] });
    store = h.app.get(IdempotencyStore);
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await h?.close();
  });

  async function post(
    path: string,
    key: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const res = await checkedFetch(`${h.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        ...worker.auth,
        'Content-Type': 'application/json',
        'Idempotency-Key': key,
        ...headers,
      },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      text: await res.text(),
      etag: res.headers.get('etag'),
      position: res.headers.get('event-position'),
      location: res.headers.get('location'),
      replayed: res.headers.get('idempotent-replayed'),
    };
  }

  const same = (a: Answer) => ({
    status: a.status,
    text: a.text,
    etag: a.etag,
    position: a.position,
    location: a.location,
  });
  const notesIn = async (caseId: string) =>
    Number(
      (
        await h.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM es_events WHERE stream_id = $1 AND type = 'NoteAdded'`,
          [`case-${caseId}`],
        )
      ).rows[0].n,
    );

  it('a note: the first answer stands, the retry writes nothing and answers the same bytes', async () => {
    const { caseId } = await openCase(h, worker);
    const failing = jest
      .spyOn(store, 'complete')
      .mockRejectedValueOnce(new Error('response store down'));
    const first = await post(`/api/cases/${caseId}/notes`, `note-${caseId}`, {
      text: 'Visited, all well',
    });
    expect(failing).toHaveBeenCalledTimes(1);
    expect(first.status).toBe(201);
    expect(await notesIn(caseId)).toBe(1);

    const started = Date.now();
    const retry = await post(`/api/cases/${caseId}/notes`, `note-${caseId}`, {
      text: 'Visited, all well',
    });
    // The key was left claimed; the retry waits briefly for it, then answers from the log.
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(same(retry)).toEqual(same(first));
    expect(await notesIn(caseId)).toBe(1);
    expect(await streamLength(h, caseId)).toBe(JSON.parse(first.text).version);

    // That answer was stored: the next retry is a replay of the same bytes.
    const third = await post(`/api/cases/${caseId}/notes`, `note-${caseId}`, {
      text: 'Visited, all well',
    });
    expect(third.replayed).toBe('true');
    expect(same(third)).toEqual(same(first));
    expect(await notesIn(caseId)).toBe(1);
  });

  it('a replay is the first response byte for byte (key order included), not re-serialised', async () => {
    const { caseId } = await openCase(h, worker);
    const first = await post(`/api/cases/${caseId}/notes`, `bytes-${caseId}`, {
      text: 'Order matters',
    });
    expect(first.text).toMatch(/^\{"caseId":"[^"]+","version":\d+,"noteId":"[^"]+"\}$/);
    const again = await post(`/api/cases/${caseId}/notes`, `bytes-${caseId}`, {
      text: 'Order matters',
    });
    expect(again.replayed).toBe('true');
    expect(same(again)).toEqual(same(first));
  });

  it('OpenCase: the retry returns the same case and reference; one stream, one reservation, no gap', async () => {
    const key = `open-${Date.now()}`;
    jest.spyOn(store, 'complete').mockRejectedValueOnce(new Error('response store down'));
    const first = await post('/api/cases', key, openBody());
    expect(first.status).toBe(201);
    const opened = JSON.parse(first.text) as { caseId: string; reference: string };
    const retry = await post('/api/cases', key, openBody());
    expect(same(retry)).toEqual(same(first));
    expect(await streamLength(h, opened.caseId)).toBe(JSON.parse(first.text).version);
    const refs = await h.pool.query(`SELECT reference FROM case_references WHERE case_id = $1`, [
      opened.caseId,
    ]);
    expect(refs.rows).toEqual([{ reference: opened.reference }]);
    // The next opening takes the next number: the retry reserved none.
    const next = await openCase(h, worker);
    const n = (r: string) => Number(/(\d+)$/.exec(r)![1]);
    expect(n(next.reference)).toBe(n(opened.reference) + 1);
  });

  it('with If-Match: a retry after the case moved on replays rather than answering 412', async () => {
    const { caseId, version } = await openCase(h, worker);
    jest.spyOn(store, 'complete').mockRejectedValueOnce(new Error('response store down'));
    const first = await post(
      `/api/cases/${caseId}/notes`,
      `ifm-${caseId}`,
      { text: 'With a version' },
      { 'If-Match': `"${version}"` },
    );
    expect(first.status).toBe(201);
    // Someone else writes: the If-Match the retry carries is now stale.
    expect(
      (await post(`/api/cases/${caseId}/notes`, `other-${caseId}`, { text: 'A colleague' })).status,
    ).toBe(201);
    const retry = await post(
      `/api/cases/${caseId}/notes`,
      `ifm-${caseId}`,
      { text: 'With a version' },
      { 'If-Match': `"${version}"` },
    );
    expect(same(retry)).toEqual(same(first));
    expect(await notesIn(caseId)).toBe(2);
    // A new request with that stale version is still refused.
    expect(
      (
        await post(
          `/api/cases/${caseId}/notes`,
          `stale-${caseId}`,
          { text: 'Stale' },
          { 'If-Match': `"${version}"` },
        )
      ).status,
    ).toBe(412);
  });

  it('a key left claimed by a process that died before appending is usable again within seconds', async () => {
    const { caseId } = await openCase(h, worker);
    const claim = store.claim.bind(store);
    // The dead first attempt claimed the key (same caller, key, request) and wrote nothing;
    // the retry then finds that claim in flight.
    jest.spyOn(store, 'claim').mockImplementationOnce(async (callerId, key, hash) => {
      expect(await claim(callerId, key, hash)).toEqual({ kind: 'claimed' });
      return claim(callerId, key, hash);
    });
    const started = Date.now();
    const retry = await post(`/api/cases/${caseId}/notes`, `dead-${caseId}`, {
      text: 'Never written before the crash',
    });
    expect(retry.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(await notesIn(caseId)).toBe(1);
    // and it is answered (replayable) from now on
    const again = await post(`/api/cases/${caseId}/notes`, `dead-${caseId}`, {
      text: 'Never written before the crash',
    });
    expect(again.replayed).toBe('true');
    expect(same(again)).toEqual(same(retry));
  });

  it('a refused command wrote nothing and leaves its key free at once', async () => {
    const { caseId } = await openCase(h, worker);
    const closed = await post(`/api/cases/${caseId}/close`, `close-${caseId}`, {
      reason: 'Done',
      outcomeSummary: 'Living well',
    });
    expect(closed.status).toBe(200);
    // Closed: a transfer is refused (409), wrote nothing, and its key is free again.
    const refused = await post(`/api/cases/${caseId}/transfer`, `transfer-${caseId}`, {
      toLocalityId: 'asop',
      reason: 'Moved',
    });
    expect(refused.status).toBe(409);
    const row = await h.pool.query(`SELECT 1 FROM idempotency_keys WHERE key = $1`, [
      `transfer-${caseId}`,
    ]);
    expect(row.rowCount).toBe(0);
  });

  it('one note per key under concurrent duplicates while the store fails for all of them', async () => {
    const { caseId } = await openCase(h, worker);
    jest.spyOn(store, 'complete').mockRejectedValue(new Error('response store down'));
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        post(`/api/cases/${caseId}/notes`, `burst-${caseId}`, { text: 'Once only' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(await notesIn(caseId)).toBe(1);
  });
});
