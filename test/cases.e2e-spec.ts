import { startApiHarness, type ApiHarness } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { caller, openBody, openCase, streamLength, type Caller } from './cases-helpers';

// Opening cases: references, validation, headers, idempotency, roles and If-Match.
describe('POST /api/cases', () => {
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
  });
});
