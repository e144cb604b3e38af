// Hostile input for every endpoint: whatever a client sends, the API answers with a
// status below 500 and problem+json for every error, and a refused command writes
// nothing to the event log. Query strings get every ISO 8601 form (week and ordinal dates,
// the basic format, offsets, leap seconds, huge years), huge integers and percent-escapes
// that are not UTF-8; JSON bodies get lone surrogates in any string field.
//
// Seeded (FC_SEED, default fixed) and short in `npm test`; HOSTILE_RUNS=500 for a long run.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { checkedFetch, startApiHarness, startProjections, type ApiHarness } from '@iln/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { openBody } from '../cases-helpers';

jest.setTimeout(240_000);

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
interface Endpoint {
  method: Method;
  /** `:id` is the case; other `:params` are sub-resource ids. */
  path: string;
  body?: Record<string, unknown>;
  query?: Record<string, string>;
}

const day = '2026-12-01';
const ENDPOINTS: Endpoint[] = [
  { method: 'POST', path: '/api/cases', body: openBody() },
  { method: 'POST', path: '/api/cases/:id/coordinator', body: { practitionerId: 'p-grays-2', practitionerName: 'Priya Testwell', teamId: 'cls-grays' } },
  { method: 'POST', path: '/api/cases/:id/handovers', body: { toPractitionerId: 'p-grays-3', toPractitionerName: 'Sam Other', reason: 'Caseload' } },
  { method: 'POST', path: '/api/cases/:id/handovers/:sub/accept', body: {} },
  { method: 'POST', path: '/api/cases/:id/handovers/:sub/decline', body: { reason: 'Too many cases' } },
  { method: 'POST', path: '/api/cases/:id/care-team', body: { memberId: 'p-nurse-1', name: 'Nia Nurse', organisation: 'NELFT', role: 'community nurse' } },
  { method: 'DELETE', path: '/api/cases/:id/care-team/:sub' },
  {
    method: 'PUT',
    path: '/api/cases/:id/care-plan',
    body: {
      whatMatters: 'Staying at home',
      goals: [{ description: 'Walk to the shop', targetDate: day }],
      actions: [{ description: 'Grab rails', owner: { kind: 'team', id: 'occupational-therapy', name: 'OT' }, dueDate: day }],
      informalSupport: ['Daughter shops on Saturdays'],
      risksAccepted: ['Lives alone'],
    },
  },
  { method: 'POST', path: '/api/cases/:id/care-plan/agree', body: { agreedWithResident: true, note: 'Agreed at home' } },
  { method: 'POST', path: '/api/cases/:id/care-plan/reviews', body: { summary: 'Going well', nextReviewDate: day } },
  { method: 'POST', path: '/api/cases/:id/care-plan/actions/:sub/complete', body: { note: 'Done' } },
  { method: 'POST', path: '/api/cases/:id/care-plan/goals/:sub/achieve', body: { note: 'Done' } },
  { method: 'POST', path: '/api/cases/:id/specialist-inputs', body: { serviceId: 'falls', mode: 'brokered', urgency: 'routine', request: 'Falls assessment' } },
  { method: 'POST', path: '/api/cases/:id/specialist-inputs/:sub/accept', body: { byName: 'Duty worker' } },
  { method: 'POST', path: '/api/cases/:id/specialist-inputs/:sub/decline', body: { reason: 'Not eligible' } },
  { method: 'POST', path: '/api/cases/:id/specialist-inputs/:sub/deliver', body: { summary: 'Assessed' } },
  { method: 'POST', path: '/api/cases/:id/specialist-inputs/:sub/withdraw', body: { reason: 'No longer needed' } },
  { method: 'POST', path: '/api/cases/:id/safeguarding-concerns', body: { categories: ['neglect'], risk: 'medium', summary: 'Unexplained bruising' } },
  { method: 'POST', path: '/api/cases/:id/safeguarding-concerns/:sub/decision', body: { section42: true, rationale: 'Care and support needs' } },
  {
    method: 'POST',
    path: '/api/cases/:id/safeguarding-concerns/:sub/conclusion',
    body: { outcome: 'risk-reduced', desiredOutcomesAsked: true, desiredOutcomes: 'Feel safe', outcomesMet: 'partially' },
  },
  { method: 'POST', path: '/api/cases/:id/safeguarding-flag/review', body: { note: 'Still needed' } },
  { method: 'POST', path: '/api/cases/:id/safeguarding-flag/lift', body: { reason: 'Risk managed' } },
  { method: 'POST', path: '/api/cases/:id/consent', body: { status: 'given', organisations: ['nelft'], note: 'Verbal' } },
  { method: 'POST', path: '/api/cases/:id/notes', body: { text: 'Visited at home', restricted: false } },
  { method: 'POST', path: '/api/cases/:id/hospital-admissions', body: { hospital: 'Basildon', admittedAt: '2026-11-20T09:00:00.000Z' } },
  { method: 'POST', path: '/api/cases/:id/discharges', body: { dischargedAt: '2026-11-22T09:00:00.000Z', pathway: 1 } },
  { method: 'POST', path: '/api/cases/:id/home-care', body: { teamId: 'wellbeing-tilbury', hoursPerWeek: 10 } },
  { method: 'POST', path: '/api/cases/:id/transfer', body: { toLocalityId: 'asop', reason: 'Moved house' } },
  { method: 'POST', path: '/api/cases/:id/close', body: { reason: 'Goals met', outcomeSummary: 'Living safely at home' } },
  { method: 'POST', path: '/api/cases/:id/reopen', body: { reason: 'New concern' } },
  { method: 'POST', path: '/api/cases/:id/follow-ups/:sub/complete', body: { note: 'Checked', outcome: 'well' } },
  { method: 'POST', path: '/api/cases/:id/resident', body: { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1940-01-01', nhsNumber: '9434765919', postcode: 'RM17 6XX', address: '1 High St', reason: 'Misspelt' } },
  { method: 'POST', path: '/api/cases/:id/consent/overrides', body: { organisation: 'nelft', reason: 'Risk to life' } },
  { method: 'POST', path: '/api/cases/:id/consent/overrides/:sub/lift', body: { reason: 'Risk managed' } },
  { method: 'POST', path: '/api/auth/dev-token', body: { sub: 'p-1', name: 'Test', roles: ['practitioner'], organisation: 'council', teams: [], localities: ['*'] } },
  { method: 'GET', path: '/api/cases', query: { localityId: 'grays', status: 'open', coordinatorId: 'p-1', safeguarding: 'true', q: 'Ada', page: '1', pageSize: '50' } },
  { method: 'GET', path: '/api/cases/:id', query: { asAt: '2026-11-23T09:00:00.000Z' } },
  { method: 'GET', path: '/api/cases/:id/timeline' },
  { method: 'GET', path: '/api/cases/:id/notes', query: { page: '1', pageSize: '50' } },
  { method: 'GET', path: '/api/cases/:id/care-plan/versions' },
  { method: 'GET', path: '/api/cases/:id/care-plan/versions/:n' },
  { method: 'GET', path: '/api/cases/:id/access' },
  { method: 'GET', path: '/api/worklist', query: { teamId: 'cls-grays' } },
  { method: 'GET', path: '/api/specialist-inputs', query: { serviceId: 'falls', status: 'requested', overdue: 'true' } },
  { method: 'GET', path: '/api/safeguarding/concerns', query: { localityId: 'grays', status: 'enquiry-open' } },
  { method: 'GET', path: '/api/caseloads', query: { localityId: 'grays' } },
  { method: 'GET', path: '/api/localities/:locality/dashboard', query: { from: '2026-01-01', to: '2026-12-31' } },
  { method: 'GET', path: '/api/dashboard', query: { from: '2026-01-01', to: '2026-12-31' } },
  { method: 'GET', path: '/api/audit/access', query: { caseId: randomUUID(), userId: 'p-1', from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' } },
  { method: 'GET', path: '/api/localities' },
  { method: 'GET', path: '/api/specialist-services' },
  { method: 'GET', path: '/api/teams' },
  { method: 'GET', path: '/api/teams/:sub/capacity' },
  { method: 'GET', path: '/api/follow-up-policy' },
];

/** Strings that have broken parsers, databases and loggers before. */
const NASTY = [
  '\uD800', // lone high surrogate
  'a\uDFFFb', // lone low surrogate
  'a\u0000b', // NUL: PostgreSQL text and jsonb refuse it
  '\u0000',
  '\u202Eevil\u202C', // right-to-left override
  'שלום עולם', // RTL script
  'zero\u200Bwidth\u200D\uFEFF',
  'e\u0301\u0301\u0301\u0301', // stacked combining marks
  '𝕳𝖊𝖑𝖑𝖔 👩‍👩‍👧‍👦',
  "'; DROP TABLE es_events; --",
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '%00%FF',
  '   ',
  '',
  '-1',
  '1e400',
  'NaN',
  'true',
  'null',
  '[object Object]',
  '__proto__',
  'constructor',
  '9'.repeat(400),
];

/** Path segments, already percent-encoded: invalid UUIDs and bytes that are not UTF-8. */
const NASTY_SEGMENTS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-00000000000',
  '00000000-0000-0000-0000-0000000000000',
  'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  '%FF%FE',
  '%00',
  '%C0%AE%C0%AE',
  '..%2F..%2Fetc',
  '%E2%80%AE',
  encodeURIComponent("1' OR '1'='1"),
  'x'.repeat(5000),
  '-1',
  '1e999',
  '__proto__',
  'constructor',
  '99999999999',
  '2147483648',
  '9007199254740993',
  '0',
  '1.5',
  '0x10',
  '%C3%28',
  '%FF',
  '%ED%A0%80',
  '%C0%80',
];

/** Every ISO 8601 form strict parsers accept and some they should not, as encoded query values. */
const iso8601: fc.Arbitrary<string> = (() => {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const year = fc.oneof(
    fc.integer({ min: 1900, max: 2100 }).map((y) => pad(y, 4)),
    fc.constantFrom('0000', '0001', '9999', '+275760', '+999999', '-000001', '+002026', '10000'),
  );
  const date = fc.oneof(
    fc.tuple(year, fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${y}-${pad(m, 2)}-${pad(d, 2)}`),
    fc.tuple(year, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(([y, m, d]) => `${y}${pad(m, 2)}${pad(d, 2)}`),
    fc.tuple(year, fc.integer({ min: 0, max: 54 })).map(([y, w]) => `${y}-W${pad(w, 2)}`),
    fc.tuple(year, fc.integer({ min: 0, max: 54 }), fc.integer({ min: 0, max: 8 })).map(([y, w, d]) => `${y}-W${pad(w, 2)}-${d}`),
    fc.tuple(year, fc.integer({ min: 1, max: 53 }), fc.integer({ min: 1, max: 7 })).map(([y, w, d]) => `${y}W${pad(w, 2)}${d}`),
    fc.tuple(year, fc.integer({ min: 0, max: 367 })).map(([y, n]) => `${y}-${pad(n, 3)}`),
    fc.tuple(year, fc.integer({ min: 1, max: 366 })).map(([y, n]) => `${y}${pad(n, 3)}`),
    fc.tuple(year, fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${pad(m, 2)}`),
    year,
  );
  const time = fc.constantFrom(
    '', 'T09:00:00Z', 'T09:00:00.000Z', 'T09:00:00.123456789Z', 'T09:00:00,5Z', 'T09:00Z', 'T09Z', 'T090000Z',
    'T23:59:60Z', 'T23:59:60.999Z', 'T24:00:00Z', 'T24:00Z', 'T09:00:00', 'T09:00:00+00:00', 'T09:00:00-00:00',
    'T09:00:00+14:00', 'T09:00:00-12:00', 'T09:00:00+05:30', 'T09:00:00+0530', 'T09:00:00+05', 'T09:00:00+99:99',
    'T09:00:00+24:00', 't09:00:00z', ' 09:00:00Z',
  );
  const interval = fc.constantFrom('2026-01-01/2026-02-01', 'P1D', 'PT3S', 'R5/2026-01-01T00:00:00Z/P1D', '2026-01-01T00:00:00Z/P1M', '--12-25', '---25');
  return fc.oneof({ weight: 6, arbitrary: fc.tuple(date, time).map(([d, t]) => d + t) }, { weight: 1, arbitrary: interval }).map((v) => encodeURIComponent(v));
})();

/** Numbers no integer column holds, and numbers that are not what they look like; encoded. */
const hugeInteger: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom('99999999999', '2147483648', '-2147483649', '9007199254740993', '1e21', '1e400', '-0', '0x10', '1.0', '01', '+1', ' 1', '1 ', 'Infinity'),
    fc.bigInt({ min: 10n ** 10n, max: 10n ** 60n }).map(String),
  )
  .map((v) => encodeURIComponent(v));

/** Percent-escapes that do not decode to UTF-8, raw (a URL library would re-encode them). */
const badPercentEscape: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('%C3%28', '%FF', '%FE%FF', '%ED%A0%80', '%ED%BF%BF', '%C0%80', '%C0%AE', '%F4%90%80%80', '%E2%82', '%', '%G1', '%%', '%2', '%00'),
    fc.constantFrom('', 'a', '2026-01-01'),
  )
  .map(([escape, around]) => `${around}${escape}${around}`);

const hostileQueryValue = fc.oneof(iso8601, hugeInteger, badPercentEscape);

const nastyString = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(100_000, 250_000).map((n) => 'ẞ'.repeat(n / 3)),
);

function deep(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, -0, [], {}, [null], { __proto__: { admin: true } }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(10, 100, 2000).chain((d) => fc.constantFrom(deep(d, 'array'), deep(d, 'object'))),
  fc.array(nastyString, { maxLength: 5 }),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'x'), nastyString, { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Every value a JSON body holds, as strings where it had numbers/booleans ("numbers as strings"). */
function stringified(v: unknown): unknown {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(stringified);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stringified(x)]));
  return v;
}

function pathsOf(v: unknown, prefix: string[] = []): string[][] {
  if (!v || typeof v !== 'object') return [prefix];
  const entries = Object.entries(v as Record<string, unknown>);
  return [prefix, ...entries.flatMap(([k, x]) => pathsOf(x, [...prefix, k]))];
}

function setAt(root: unknown, path: string[], value: unknown | typeof REMOVE): unknown {
  const copy = structuredClone(root) as Record<string, unknown>;
  if (path.length === 0) return value === REMOVE ? undefined : value;
  let node = copy as Record<string, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (value === REMOVE) delete node[last];
  // defineProperty, so "__proto__" becomes an own key as a hostile client's JSON would have it.
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}
const REMOVE = Symbol('remove');

interface Attempt {
  /** Raw body text, or undefined for none. */
  body?: string;
  contentType?: string;
  pathSegments: { id?: string; sub?: string };
  query?: string;
  authorization?: string;
}

/** One hostile request for an endpoint, from a valid one. */
function attemptFor(e: Endpoint): fc.Arbitrary<Attempt> {
  const valid = e.body ?? {};
  const json = (v: unknown): Attempt => ({ body: JSON.stringify(v), contentType: 'application/json', pathSegments: {} });
  const fieldPaths = pathsOf(valid);
  const valueAt = (p: string[]) => p.reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], valid);
  const stringPaths = fieldPaths.filter((p) => typeof valueAt(p) === 'string');
  const bodyAttempts = (): fc.Arbitrary<Attempt>[] => [
    // a field missing
    fc.constantFrom(...fieldPaths.filter((p) => p.length > 0), ['absent']).map((p) => json(setAt(valid, p, REMOVE))),
    // a field (or the whole body, or a nested object) replaced by something hostile
    fc.tuple(fc.constantFrom(...fieldPaths), nastyValue).map(([p, v]) => json(setAt(valid, p, v))),
    // an extra field, including prototype keys
    fc
      .tuple(fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'caseId', 'version', 'prototype'), nastyValue)
      .map(([k, v]) => json(setAt(valid, [k], v))),
    // a lone surrogate inside any string field (or a key), sent as the JSON escape a client would write
    fc
      .tuple(
        fc.constantFrom(...(stringPaths.length > 0 ? stringPaths : [['absent']])),
        fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDC00\uD800'),
        fc.nat(),
        fc.boolean(),
      )
      .map(([p, surrogate, at, asKey]) => {
        if (asKey) return json(setAt(valid, [`k${surrogate}`], 'x'));
        const current = valueAt(p);
        const text = typeof current === 'string' ? current : '';
        const i = at % (text.length + 1);
        return json(setAt(valid, p, text.slice(0, i) + surrogate + text.slice(i)));
      }),
    // numbers and booleans as strings
    fc.constant(json(stringified(valid))),
    // truncated JSON
    fc.nat().map((n) => {
      const text = JSON.stringify(valid);
      return { body: text.slice(0, n % Math.max(1, text.length)), contentType: 'application/json', pathSegments: {} };
    }),
    // not JSON at all, or the wrong content type
    fc
      .tuple(
        fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', ''),
        fc.constantFrom(JSON.stringify(valid), '<a>1</a>', 'a=1&b=2', '\uFEFF{}', '{"a":1}{"b":2}', 'null', '"text"', '12'),
      )
      .map(([contentType, body]) => ({ body, contentType: contentType || undefined, pathSegments: {} })),
  ];
  const pathAttempt: fc.Arbitrary<Attempt> = fc
    .record({ id: fc.constantFrom(...NASTY_SEGMENTS), sub: fc.constantFrom(...NASTY_SEGMENTS) }, { requiredKeys: [] })
    .map((pathSegments) => ({ ...(e.method === 'GET' || e.method === 'DELETE' ? {} : json(valid)), pathSegments }));
  const queryAttempt: fc.Arbitrary<Attempt> = fc
    .tuple(fc.constantFrom(...Object.keys(e.query ?? { page: '1' }), 'page', 'pageSize', 'Await'), nastyValue)
    .map(([k, v]) => {
      const q = new URLSearchParams(e.query ?? {});
      q.set(k, typeof v === 'string' ? v : JSON.stringify(v) ?? '');
      return { pathSegments: {}, query: q.toString() };
    });
  // Raw (already encoded) values: ISO 8601 in every form, huge integers, bad percent-escapes.
  const rawQueryAttempt: fc.Arbitrary<Attempt> = fc
    .tuple(fc.constantFrom(...Object.keys(e.query ?? { page: '1' }), 'page', 'pageSize'), hostileQueryValue)
    .map(([k, v]) => {
      const q = new URLSearchParams(e.query ?? {});
      q.delete(k);
      const rest = q.toString();
      return { pathSegments: {}, query: `${rest ? `${rest}&` : ''}${encodeURIComponent(k)}=${v}` };
    });
  const authAttempt: fc.Arbitrary<Attempt> = nastyString
    .filter((s) => /^[\x20-\x7e]*$/.test(s))
    .map((s) => ({ ...(e.method === 'GET' || e.method === 'DELETE' ? {} : json(valid)), pathSegments: {}, authorization: `Bearer ${s}` }));
  const kinds = e.method === 'GET' || e.method === 'DELETE' ? [pathAttempt, queryAttempt, rawQueryAttempt, rawQueryAttempt, authAttempt] : [...bodyAttempts(), pathAttempt, authAttempt];
  return fc.oneof(...kinds);
}

const SEED = Number(process.env.FC_SEED ?? 192_026);

describe('hostile input', () => {
  let h: ApiHarness;
  let auth: string;
  let caseId: string;
  let openedAt: string;
  let eventCount: () => Promise<number>;
  const tally = { requests: 0, refused: 0, accepted: 0 };

  beforeAll(async () => {
    h = await startApiHarness({
      createApp: (config) => createApiApp(config, { logs: false }),
      env: { RATE_LIMIT_PER_MINUTE: '10000000', RATE_LIMIT_PER_IP_PER_MINUTE: '10000000' },
    });
    // Every role a command or query asks for, in every locality, so requests get past
    // authorisation and reach validation and the domain.
    auth = `Bearer ${await h.token({
      sub: 'p-hostile',
      name: 'Hostile Tester',
      roles: ['practitioner', 'team-manager', 'safeguarding-lead', 'front-door', 'auditor'],
      localities: ['*'],
    })}`;
    const opened = await checkedFetch(`${h.baseUrl}/api/cases`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(openBody()),
    });
    expect(opened.status).toBe(201);
    caseId = ((await opened.json()) as { caseId: string }).caseId;
    openedAt = opened.headers.get('event-position') ?? '';
    eventCount = async () => Number((await h.pool.query<{ n: string }>('SELECT count(*) AS n FROM es_events')).rows[0].n);
  });

  afterAll(async () => {
    await h?.close();
    process.stdout.write(`hostile input (seed ${SEED}): ${tally.requests} requests, ${tally.refused} refused (4xx), ${tally.accepted} accepted\n`);
  });

  async function send(e: Endpoint, a: Attempt): Promise<{ status: number; contentType: string; text: string }> {
    const path = e.path
      .replace(':id', a.pathSegments.id ?? caseId)
      .replace(':sub', a.pathSegments.sub ?? randomUUID())
      .replace(':n', a.pathSegments.sub ?? '1')
      .replace(':locality', a.pathSegments.id ?? 'grays');
    const query = a.query ?? (e.query ? new URLSearchParams(e.query).toString() : '');
    const headers: Record<string, string> = { Authorization: a.authorization ?? auth };
    if (a.contentType) headers['Content-Type'] = a.contentType;
    const res = await checkedFetch(`${h.baseUrl}${path}${query ? `?${query}` : ''}`, { method: e.method, headers, body: a.body, signal: AbortSignal.timeout(15_000) });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
  }

  it.each(ENDPOINTS.map((e) => [`${e.method} ${e.path}`, e] as const))('%s: never a 5xx, always problem+json, nothing written on a 4xx', async (_name, e) => {
    const run = await fc.check(
      fc.asyncProperty(attemptFor(e), async (attempt) => {
        const before = await eventCount();
        const res = await send(e, attempt);
        const after = await eventCount();
        tally.requests++;
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          tally.refused++;
          expect(res.contentType).toMatch(/^application\/problem\+json/);
          const problem = JSON.parse(res.text) as { type: unknown; title: unknown; status: unknown };
          expect(problem).toMatchObject({ type: expect.stringMatching(/^\/problems\/[a-z0-9-]+$/), title: expect.any(String), status: res.status });
          expect(after).toBe(before);
        } else {
          tally.accepted++;
        }
      }),
      { numRuns: Number(process.env.HOSTILE_RUNS ?? 25), seed: SEED, endOnFailure: true },
    );
    // Counterexamples can hold 250 KB strings: report a readable head of the first one.
    if (run.failed) {
      const example = JSON.stringify(run.counterexample).slice(0, 600);
      const cause = run.errorInstance instanceof Error ? run.errorInstance.message.slice(0, 600) : String(run.errorInstance);
      throw new Error(`seed ${run.seed}: ${cause}\nrequest: ${example}`);
    }
  });
  // Issue 19, hole 4, and what the fuzzing found since: all but the leap second and the
  // surrogate in a key answered 500 (those two were already 400 and must stay so).
  it.each([
    ['asAt as a week date', 'GET', '/api/cases/:id?asAt=2026-W01', undefined, 'asAt'],
    ['asAt in the basic format', 'GET', '/api/cases/:id?asAt=20260101', undefined, 'asAt'],
    ['asAt with a leap second', 'GET', '/api/cases/:id?asAt=2026-06-30T23:59:60Z', undefined, 'asAt'],
    ['dashboard to as a week date', 'GET', '/api/dashboard?to=2026-W01', undefined, 'to'],
    ['locality dashboard from as an ordinal date', 'GET', '/api/localities/grays/dashboard?from=2026-032', undefined, 'from'],
    ['audit from as an ordinal date', 'GET', '/api/audit/access?from=2026-032', undefined, 'from'],
    ['a plan version past integer range', 'GET', '/api/cases/:id/care-plan/versions/99999999999', undefined, 'n'],
    ['a note with a lone surrogate', 'POST', '/api/cases/:id/notes', '{"text":"\\ud800"}', undefined],
    ['a note with a lone low surrogate in a key', 'POST', '/api/cases/:id/notes', '{"text":"ok","\\udc00":1}', undefined],
    // Found by the fuzzing (seed 7): a denormal passed maxDecimalPlaces and answered 500.
    ['home-care hours as a denormal number', 'POST', '/api/cases/:id/home-care', '{"teamId":"wellbeing-tilbury","hoursPerWeek":3e-323}', 'hoursPerWeek'],
  ] as const)('%s: 400 problem+json, nothing written', async (_name, method, path, body, field) => {
    const before = await eventCount();
    const res = await checkedFetch(`${h.baseUrl}${path.replace(':id', caseId)}`, {
      method,
      headers: { Authorization: auth, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { status: number; errors?: Array<{ field: string }> };
    expect(problem.status).toBe(400);
    if (field) expect(problem.errors?.map((e) => e.field)).toEqual([field]);
    expect(await eventCount()).toBe(before);
  });

  it('the timestamp forms JavaScript reads the same way are still accepted', async () => {
    // asAt answers only for a case the caller may see now, which the read models must
    // have caught up with: run the projections for this one.
    const projections = await startProjections(h.db.url);
    try {
      await projections.waitForProjections(openedAt);
      const later = new Date(Date.now() + 2 * 86_400_000).toISOString();
      const forms = [later, later.replace('Z', '+00:00'), `${later.slice(0, 16)}Z`, later.slice(0, 10), `${later.slice(0, 19)}.123456789Z`];
      const statuses: Record<string, number> = {};
      for (const asAt of forms) {
        statuses[asAt] = (await checkedFetch(`${h.baseUrl}/api/cases/${caseId}?asAt=${encodeURIComponent(asAt)}`, { headers: { Authorization: auth } })).status;
      }
      expect(statuses).toEqual(Object.fromEntries(forms.map((f) => [f, 200])));
      const version = await checkedFetch(`${h.baseUrl}/api/cases/${caseId}/care-plan/versions/2147483647`, { headers: { Authorization: auth } });
      expect(version.status).toBe(404);
    } finally {
      await projections.stop();
    }
  });
});
