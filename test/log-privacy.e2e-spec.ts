import { Pool } from 'pg';
import { upsertReferenceData } from '@iln/case-coordination';
import { createTestDatabase, freePort, RunningProcess, startCompiled, TestDatabase, testRedisUrl, waitFor, waitForHttp } from '@iln/testing';

// Residents' names, dates of birth, NHS numbers, addresses and note texts never reach
// the logs. The service runs as production runs it (compiled, its own processes, debug
// logging so nothing is hidden by the level); every byte both processes print is kept
// and searched for the distinctive values sent to them.
const RESIDENTS = [
  { givenName: 'Zebediah', familyName: 'Quillfeather', dateOfBirth: '1937-04-11', nhsNumber: '0830166130', postcode: 'RM17 6QX', address: '14 Orsett Lantern Road' },
  { givenName: 'Philippa', familyName: 'Marrowvane', dateOfBirth: '1952-09-28', nhsNumber: '1860913903', postcode: 'RM18 8ZY', address: '3 Chadwell Whistle Lane' },
];
const NOTE = 'Neighbour Ottoline Brackenbury reports unpaid rent arrears';
const SECRETS = [
  ...RESIDENTS.flatMap((r) => [r.givenName, r.familyName, r.dateOfBirth, r.nhsNumber, r.postcode, r.address]),
  'Ottoline',
  'Brackenbury',
  'rent arrears',
  '0830 166 130',
  '9960308244',
];

describe('log privacy', () => {
  let db: TestDatabase;
  let api: RunningProcess;
  let worker: RunningProcess;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const pool = new Pool({ connectionString: db.url, max: 1 });
    try {
      await upsertReferenceData(pool);
    } finally {
      await pool.end();
    }
    const port = await freePort();
    const env = { DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), LOG_LEVEL: 'debug', PORT: String(port), QUEUE_PREFIX: `lp${port}` };
    api = startCompiled('apps/api/src/main.js', env);
    worker = startCompiled('apps/worker/src/main.js', env);
    base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/health/live`);
  });
  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await db?.drop();
  });

  async function call(method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  it('keeps resident data out of everything the processes print', async () => {
    const tokenRes = await call('POST', '/api/auth/dev-token', null, { sub: 'p-lp-1', name: 'Log Tester', roles: ['practitioner', 'safeguarding-lead'], organisation: 'thurrock-council', localities: ['*'] });
    expect(tokenRes.status).toBe(200);
    const token = tokenRes.body.accessToken as string;

    let position = '';
    const caseIds: string[] = [];
    for (const resident of RESIDENTS) {
      const opened = await call('POST', '/api/cases', token, { resident, localityId: 'grays', source: 'family', reason: `Concern about ${resident.givenName}` });
      expect(`${opened.status} ${JSON.stringify(opened.body)}`).toMatch(/^201 /);
      caseIds.push(opened.body.caseId as string);
      position = opened.headers.get('event-position') ?? position;
    }
    const [first] = caseIds;
    expect((await call('POST', `/api/cases/${first}/notes`, token, { text: NOTE, restricted: true })).status).toBe(201);
    const concern = await call('POST', `/api/cases/${first}/safeguarding-concerns`, token, { categories: ['financial'], risk: 'high', summary: NOTE });
    expect(concern.status).toBe(201);
    position = concern.headers.get('event-position') ?? position;

    // Reads, searches by name and NHS number, and errors that carry the values back.
    const awaited = { 'Await-Position': position };
    expect((await call('GET', `/api/cases/${first}`, token, undefined, awaited)).status).toBe(200);
    expect((await call('GET', `/api/cases/${first}/timeline`, token, undefined, awaited)).status).toBe(200);
    for (const q of ['Quillfeather', 'Marrowvane', '0830166130']) {
      expect((await call('GET', `/api/cases?q=${encodeURIComponent(q)}`, token, undefined, awaited)).status).toBe(200);
    }
    const invalid = await call('POST', '/api/cases', token, { resident: { ...RESIDENTS[0], nhsNumber: '9960308244', dateOfBirth: 'Quillfeather' }, localityId: 'grays', source: 'gp', reason: 'x', extra: 'Brackenbury' });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).not.toMatch(/Quillfeather|9960308244|Brackenbury/);
    expect((await call('GET', `/api/nothing-here/Quillfeather?nhs=0830166130`, token)).status).toBe(404);

    // The request logs are there (so the search below is meaningful) ...
    await waitFor(() => api.output().includes('/api/cases/'), { timeoutMs: 5_000, description: 'request logs' });
    const output = api.output() + worker.output();
    expect(output.length).toBeGreaterThan(0);
    // ... and none of the resident's data is.
    const leaked = SECRETS.filter((s) => output.toLowerCase().includes(s.toLowerCase()));
    expect(leaked).toEqual([]);
  });
});
