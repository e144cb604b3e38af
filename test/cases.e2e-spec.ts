import { MAX_ATTEMPTS } from '@iln/case-coordination';
import type { ApiClient } from '@iln/api-client';
import { startApiHarness, type ApiHarness } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { caller, openBody, openCase, streamLength, validResident, type Caller } from './cases-helpers';

// Opening cases and what every command shares: references, validation, headers,
// idempotency, roles, locality scope and If-Match. Calls go through the generated client
// (libs/api-client) where the request is one the contract allows; requests it cannot
// express (no token, not JSON, too big, truncated) through supertest. Both check every
// answer against docs/openapi.json.
describe('case commands over HTTP: opening and the shared rules', () => {
  let h: ApiHarness;
  let worker: Caller;
  let api: ApiClient;
  const addNote = (client: ApiClient, id: string, header: { 'If-Match'?: string; 'Idempotency-Key'?: string } = {}, text = 'hello') =>
    client.POST('/api/cases/{id}/notes', { params: { path: { id }, header }, body: { text } });

  beforeAll(async () => {
    h = await startApiHarness({ createApp: (config) => createApiApp(config, { logs: false }) });
    worker = await caller(h);
    api = h.client(worker.token);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('opens a case: 201, Location, ETag, Event-Position and a human reference', async () => {
    const { data, response } = await api.POST('/api/cases', { body: openBody() });
    expect(response.status).toBe(201);
    expect(data).toEqual({ caseId: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 2, reference: expect.stringMatching(/^ILN-GRA-\d{6}$/) });
    const caseId = data!.caseId;
    expect(response.headers.get('location')).toBe(`/api/cases/${caseId}`);
    expect(response.headers.get('etag')).toBe('"2"');
    expect(response.headers.get('event-position')).toEqual(expect.any(String));
    expect(await streamLength(h, caseId)).toBe(2);
    const [event] = (await h.pool.query(`SELECT metadata FROM es_events WHERE stream_id = $1 ORDER BY version LIMIT 1`, [`case-${caseId}`])).rows;
    expect(event.metadata).toEqual({ correlationId: expect.any(String), causationId: null, actor: { id: 'p-grays-1', name: 'Alex Fictionby' }, schemaVersion: 1 });
  });

  it('gives concurrent openings distinct, gapless references per locality', async () => {
    const tc = await caller(h, { sub: 'p-tc-1', localities: ['tilbury-chadwell'] });
    const client = h.client(tc.token);
    const results = await Promise.all(Array.from({ length: 12 }, () => client.POST('/api/cases', { body: openBody({ localityId: 'tilbury-chadwell' }) })));
    expect(results.map((r) => r.response.status)).toEqual(Array(12).fill(201));
    const numbers = results.map((r) => Number(/^ILN-TIL-(\d{6})$/.exec(r.data!.reference)![1])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('refuses an unknown locality with a 400 naming the field, and consumes no reference', async () => {
    const { error, response } = await api.POST('/api/cases', { body: openBody({ localityId: 'atlantis' }) });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(error?.errors).toEqual([{ field: 'localityId', message: 'no such locality' }]);
  });

  it('rejects unknown fields and lists every bad nested field', async () => {
    const res = await h
      .http()
      .post('/api/cases')
      .set(worker.auth)
      .send({ ...openBody(), colour: 'blue', resident: { givenName: '', familyName: 'X', dateOfBirth: '2999-01-01', nhsNumber: '9434765918', shoeSize: 9 } });
    expect(res.status).toBe(400);
    const fields = (res.body.errors as Array<{ field: string }>).map((e) => e.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['colour', 'resident.givenName', 'resident.dateOfBirth', 'resident.nhsNumber', 'resident.shoeSize']));
  });

  it.each([
    ['a bad NHS check digit', { nhsNumber: '9434765918' }, 'resident.nhsNumber'],
    ['a future date of birth', { dateOfBirth: '2999-12-31' }, 'resident.dateOfBirth'],
    ['an impossible date of birth', { dateOfBirth: '1950-02-30' }, 'resident.dateOfBirth'],
  ])('rejects %s', async (_, resident, field) => {
    const { error, response } = await api.POST('/api/cases', { body: openBody({ resident: { ...validResident(), ...resident } }) });
    expect(response.status).toBe(400);
    expect(error?.errors).toEqual([expect.objectContaining({ field })]);
  });

  it('rejects a bad source and a missing resident', async () => {
    const body: Record<string, unknown> = openBody({ source: 'carrier-pigeon' });
    delete body.resident;
    const res = await h.http().post('/api/cases').set(worker.auth).send(body);
    expect(res.status).toBe(400);
    expect((res.body.errors as Array<{ field: string }>).map((e) => e.field)).toEqual(expect.arrayContaining(['source', 'resident']));
  });

  it('needs a token (401), an allowed role (403), JSON (415) and a body under 256 KiB (413)', async () => {
    expect((await h.http().post('/api/cases').send(openBody())).status).toBe(401);
    for (const role of ['admin', 'auditor'] as const) {
      const other = await caller(h, { sub: `u-${role}`, roles: [role] });
      const { error, response } = await h.client(other.token).POST('/api/cases', { body: openBody() });
      expect(response.status).toBe(403);
      expect(error?.type).toBe('/problems/forbidden');
    }
    const text = await h.http().post('/api/cases').set(worker.auth).set('Content-Type', 'text/plain').send('hello');
    expect(text.status).toBe(415);
    const big = await h.http().post('/api/cases').set(worker.auth).send(openBody({ reason: 'x'.repeat(300 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.body.type).toBe('/problems/payload-too-large');
  });

  it('tells a truncated JSON body apart from an invalid field', async () => {
    const res = await h
      .http()
      .post('/api/cases')
      .set(worker.auth)
      .set('Content-Type', 'application/json')
      .send('{"resident": {"givenName": "Ada"');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({ type: '/problems/malformed-json', title: 'Bad request', status: 400, detail: 'The body is not valid JSON' });
  });

  it('lets the front door open in any locality but others only where they work', async () => {
    const frontDoor = await caller(h, { sub: 'fd-1', roles: ['front-door'], localities: [] });
    expect((await h.client(frontDoor.token).POST('/api/cases', { body: openBody({ localityId: 'asop' }) })).response.status).toBe(201);
    const { response } = await api.POST('/api/cases', { body: openBody({ localityId: 'asop' }) });
    expect(response.status).toBe(403);
  });

  it('answers 400 for a bad UUID, 404 for an unknown case and for one outside your localities', async () => {
    const bad = await addNote(api, 'not-a-uuid');
    expect(bad.response.status).toBe(400);
    expect(bad.error?.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    const unknown = await addNote(api, '5d1a4c1e-3f7b-4f0e-9a43-0d7a6c1e2b11');
    expect(unknown.response.status).toBe(404);
    expect(unknown.error?.type).toBe('/problems/case-not-found');
    const { caseId } = await openCase(h, worker);
    const elsewhere = await caller(h, { sub: 'p-asop-1', localities: ['asop'] });
    const hidden = await addNote(h.client(elsewhere.token), caseId);
    expect(hidden.response.status).toBe(404);
    expect(await streamLength(h, caseId)).toBe(2);
  });

  it('412 on a stale If-Match and writes nothing; 400 on a malformed one; applies when current', async () => {
    const { caseId, version } = await openCase(h, worker);
    const stale = await addNote(api, caseId, { 'If-Match': `"${version - 1}"` });
    expect(stale.response.status).toBe(412);
    expect(stale.error?.type).toBe('/problems/precondition-failed');
    expect(await streamLength(h, caseId)).toBe(version);
    const malformed = await addNote(api, caseId, { 'If-Match': 'yesterday' });
    expect(malformed.response.status).toBe(400);
    expect(malformed.error?.type).toBe('/problems/invalid-if-match');
    const ok = await addNote(api, caseId, { 'If-Match': `"${version}"` });
    expect(ok.response.status).toBe(201);
    expect(ok.response.headers.get('etag')).toBe(`"${version + 1}"`);
    expect(ok.data).toEqual({ caseId, version: version + 1, noteId: expect.any(String) });
  });

  it('without If-Match, concurrent commands on one case all apply (conflicts are retried on the new state)', async () => {
    const { caseId, version } = await openCase(h, worker);
    // As many writers as attempts: each failed attempt means another writer succeeded,
    // so every one of them gets through within MAX_ATTEMPTS.
    const n = MAX_ATTEMPTS;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => addNote(api, caseId, {}, `note ${i}`)));
    expect(results.map((r) => r.response.status)).toEqual(Array(n).fill(201));
    expect(new Set(results.map((r) => r.data!.version))).toEqual(new Set(Array.from({ length: n }, (_, i) => version + i + 1)));
    expect(await streamLength(h, caseId)).toBe(version + n);
  });

  describe('Idempotency-Key', () => {
    it('replays the first response without writing again', async () => {
      const key = `open-${Date.now()}`;
      const send = () => api.POST('/api/cases', { params: { header: { 'Idempotency-Key': key } }, body: openBody() });
      const first = await send();
      const again = await send();
      expect(first.response.status).toBe(201);
      expect(again.response.status).toBe(201);
      expect(again.data).toEqual(first.data);
      for (const header of ['location', 'etag', 'event-position']) expect(again.response.headers.get(header)).toBe(first.response.headers.get(header));
      const opened = await h.pool.query(`SELECT count(*)::int AS n FROM case_references WHERE case_id = $1`, [first.data!.caseId]);
      expect(opened.rows[0].n).toBe(1);
      expect(await streamLength(h, first.data!.caseId)).toBe(2);
    });

    it('answers 422 when the key is reused with another body', async () => {
      const { caseId } = await openCase(h, worker);
      const key = `note-${caseId}`;
      expect((await addNote(api, caseId, { 'Idempotency-Key': key }, 'first')).response.status).toBe(201);
      const reused = await addNote(api, caseId, { 'Idempotency-Key': key }, 'second');
      expect(reused.response.status).toBe(422);
      expect(reused.error?.type).toBe('/problems/idempotency-key-reused');
      expect(await streamLength(h, caseId)).toBe(3);
    });

    it('lets only one of two concurrent duplicates write', async () => {
      const { caseId } = await openCase(h, worker);
      const key = `dup-${caseId}`;
      const send = () => addNote(api, caseId, { 'Idempotency-Key': key }, 'once');
      const [a, b] = await Promise.all([send(), send()]);
      expect([a.response.status, b.response.status]).toEqual([201, 201]);
      expect(a.data).toEqual(b.data);
      expect(await streamLength(h, caseId)).toBe(3);
    });

    it('refuses a key over 200 characters', async () => {
      const { error, response } = await api.POST('/api/cases', { params: { header: { 'Idempotency-Key': 'k'.repeat(201) } }, body: openBody() });
      expect(response.status).toBe(400);
      expect(error?.type).toBe('/problems/invalid-idempotency-key');
    });
  });
});
