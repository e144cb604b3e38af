import { MAX_ATTEMPTS } from '@iln/case-coordination';
import { startApiHarness, type ApiHarness } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { caller, openBody, openCase, streamLength, validResident, type Caller } from './cases-helpers';

// Opening cases and what every command shares: references, validation, headers,
// idempotency, roles, locality scope and If-Match.
describe('case commands over HTTP: opening and the shared rules', () => {
  let h: ApiHarness;
  let worker: Caller;

  beforeAll(async () => {
    h = await startApiHarness({ createApp: (config) => createApiApp(config, { logs: false }) });
    worker = await caller(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('opens a case: 201, Location, ETag, Event-Position and a human reference', async () => {
    const res = await h.http().post('/api/cases').set(worker.auth).send(openBody());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ caseId: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 2, reference: expect.stringMatching(/^ILN-GRA-\d{6}$/) });
    expect(res.headers.location).toBe(`/api/cases/${res.body.caseId}`);
    expect(res.headers.etag).toBe('"2"');
    expect(res.headers['event-position']).toEqual(expect.any(String));
    expect(await streamLength(h, res.body.caseId)).toBe(2);
    const [event] = (await h.pool.query(`SELECT metadata FROM es_events WHERE stream_id = $1 ORDER BY version LIMIT 1`, [`case-${res.body.caseId}`])).rows;
    expect(event.metadata).toEqual({ correlationId: expect.any(String), causationId: null, actor: { id: 'p-grays-1', name: 'Alex Fictionby' }, schemaVersion: 1 });
  });

  it('gives concurrent openings distinct, gapless references per locality', async () => {
    const tc = await caller(h, { sub: 'p-tc-1', localities: ['tilbury-chadwell'] });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => h.http().post('/api/cases').set(tc.auth).send(openBody({ localityId: 'tilbury-chadwell' }))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const numbers = results.map((r) => Number(/^ILN-TIL-(\d{6})$/.exec(r.body.reference)![1])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('refuses an unknown locality with a 400 naming the field, and consumes no reference', async () => {
    const res = await h.http().post('/api/cases').set(worker.auth).send(openBody({ localityId: 'atlantis' }));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field: 'localityId', message: 'no such locality' }]);
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
    const res = await h.http().post('/api/cases').set(worker.auth).send(openBody({ resident: { ...validResident(), ...resident } }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
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
      const res = await h.http().post('/api/cases').set(other.auth).send(openBody());
      expect(res.status).toBe(403);
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
    expect((await h.http().post('/api/cases').set(frontDoor.auth).send(openBody({ localityId: 'asop' }))).status).toBe(201);
    const res = await h.http().post('/api/cases').set(worker.auth).send(openBody({ localityId: 'asop' }));
    expect(res.status).toBe(403);
  });

  it('answers 400 for a bad UUID, 404 for an unknown case and for one outside your localities', async () => {
    const bad = await h.http().post('/api/cases/not-a-uuid/notes').set(worker.auth).send({ text: 'hello' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    const unknown = await h.http().post('/api/cases/5d1a4c1e-3f7b-4f0e-9a43-0d7a6c1e2b11/notes').set(worker.auth).send({ text: 'hello' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe('/problems/case-not-found');
    const { caseId } = await openCase(h, worker);
    const elsewhere = await caller(h, { sub: 'p-asop-1', localities: ['asop'] });
    const hidden = await h.http().post(`/api/cases/${caseId}/notes`).set(elsewhere.auth).send({ text: 'hello' });
    expect(hidden.status).toBe(404);
    expect(await streamLength(h, caseId)).toBe(2);
  });

  it('412 on a stale If-Match and writes nothing; 400 on a malformed one; applies when current', async () => {
    const { caseId, version } = await openCase(h, worker);
    const stale = await h.http().post(`/api/cases/${caseId}/notes`).set(worker.auth).set('If-Match', `"${version - 1}"`).send({ text: 'hello' });
    expect(stale.status).toBe(412);
    expect(stale.body.type).toBe('/problems/precondition-failed');
    expect(await streamLength(h, caseId)).toBe(version);
    const malformed = await h.http().post(`/api/cases/${caseId}/notes`).set(worker.auth).set('If-Match', 'yesterday').send({ text: 'hello' });
    expect(malformed.status).toBe(400);
    const ok = await h.http().post(`/api/cases/${caseId}/notes`).set(worker.auth).set('If-Match', `"${version}"`).send({ text: 'hello' });
    expect(ok.status).toBe(201);
    expect(ok.headers.etag).toBe(`"${version + 1}"`);
  });

  it('without If-Match, concurrent commands on one case all apply (conflicts are retried on the new state)', async () => {
    const { caseId, version } = await openCase(h, worker);
    // As many writers as attempts: each failed attempt means another writer succeeded,
    // so every one of them gets through within MAX_ATTEMPTS.
    const n = MAX_ATTEMPTS;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => h.http().post(`/api/cases/${caseId}/notes`).set(worker.auth).send({ text: `note ${i}` })));
    expect(results.map((r) => r.status)).toEqual(Array(n).fill(201));
    expect(new Set(results.map((r) => r.body.version))).toEqual(new Set(Array.from({ length: n }, (_, i) => version + i + 1)));
    expect(await streamLength(h, caseId)).toBe(version + n);
  });

  describe('Idempotency-Key', () => {
    it('replays the first response without writing again', async () => {
      const key = `open-${Date.now()}`;
      const first = await h.http().post('/api/cases').set(worker.auth).set('Idempotency-Key', key).send(openBody());
      const again = await h.http().post('/api/cases').set(worker.auth).set('Idempotency-Key', key).send(openBody());
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.location).toBe(first.headers.location);
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(again.headers['event-position']).toBe(first.headers['event-position']);
      const opened = await h.pool.query(`SELECT count(*)::int AS n FROM case_references WHERE case_id = $1`, [first.body.caseId]);
      expect(opened.rows[0].n).toBe(1);
      expect(await streamLength(h, first.body.caseId)).toBe(2);
    });

    it('answers 422 when the key is reused with another body', async () => {
      const { caseId } = await openCase(h, worker);
      const key = `note-${caseId}`;
      expect((await h.http().post(`/api/cases/${caseId}/notes`).set(worker.auth).set('Idempotency-Key', key).send({ text: 'first' })).status).toBe(201);
      const reused = await h.http().post(`/api/cases/${caseId}/notes`).set(worker.auth).set('Idempotency-Key', key).send({ text: 'second' });
      expect(reused.status).toBe(422);
      expect(reused.body.type).toBe('/problems/idempotency-key-reused');
      expect(await streamLength(h, caseId)).toBe(3);
    });

    it('lets only one of two concurrent duplicates write', async () => {
      const { caseId } = await openCase(h, worker);
      const key = `dup-${caseId}`;
      const send = () => h.http().post(`/api/cases/${caseId}/notes`).set(worker.auth).set('Idempotency-Key', key).send({ text: 'once' });
      const [a, b] = await Promise.all([send(), send()]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body).toEqual(b.body);
      expect(await streamLength(h, caseId)).toBe(3);
    });

    it('refuses a key over 200 characters', async () => {
      const res = await h.http().post('/api/cases').set(worker.auth).set('Idempotency-Key', 'k'.repeat(201)).send(openBody());
      expect(res.status).toBe(400);
    });
  });
});
