import { ContractMismatch, ContractValidator } from './contract';

// The validator against the committed document: what it lets through and what it refuses.
describe('ContractValidator (docs/openapi.json)', () => {
  const v = ContractValidator.fromCommittedDocument();
  const caseId = '0b5c6f0e-8a53-4a8e-9f57-2b7d1c7c1a11';
  const problem = (status: number, type = 'case-closed') => ({
    type: `/problems/${type}`,
    title: 'Conflict',
    status,
    detail: 'The case is closed',
  });
  const JSON_TYPE = 'application/json; charset=utf-8';
  const PROBLEM = 'application/problem+json; charset=utf-8';

  it('accepts a documented success answer', () => {
    expect(
      v.check({
        method: 'POST',
        url: '/api/cases',
        status: 201,
        contentType: JSON_TYPE,
        body: { caseId, version: 1, reference: 'ILN-GRA-000001' },
      }),
    ).toEqual([]);
    expect(
      v.check({
        method: 'POST',
        url: `http://127.0.0.1:1/api/cases/${caseId}/close?x=1`,
        status: 200,
        contentType: JSON_TYPE,
        body: { caseId, version: 9 },
      }),
    ).toEqual([]);
  });

  it('refuses a success body without a required field or with a wrong type or format', () => {
    expect(
      v.check({
        method: 'POST',
        url: '/api/cases',
        status: 201,
        contentType: JSON_TYPE,
        body: { version: 1, reference: 'ILN-GRA-000001' },
      }),
    ).toEqual([
      expect.stringMatching(
        /^POST \/api\/cases \(openCase\) 201 body must have required property 'caseId'/,
      ),
    ]);
    expect(
      v.check({
        method: 'POST',
        url: `/api/cases/${caseId}/reopen`,
        status: 200,
        contentType: JSON_TYPE,
        body: { caseId: 'not-a-uuid', version: '2' },
      }),
    ).toHaveLength(2);
  });

  it('refuses a status the operation does not document', () => {
    expect(
      v.check({ method: 'POST', url: '/api/cases', status: 418, contentType: JSON_TYPE, body: {} }),
    ).toEqual([
      expect.stringMatching(
        /^POST \/api\/cases \(openCase\) answered 418, which the document does not list/,
      ),
    ]);
    // A query (GET) of reference data cannot be a 409.
    expect(
      v.check({
        method: 'GET',
        url: '/api/localities',
        status: 409,
        contentType: PROBLEM,
        body: problem(409),
      }),
    ).toHaveLength(1);
  });

  it('checks problem+json against the problem schema, and the content type against the document', () => {
    expect(
      v.check({
        method: 'POST',
        url: `/api/cases/${caseId}/transfer`,
        status: 409,
        contentType: PROBLEM,
        body: problem(409),
      }),
    ).toEqual([]);
    const { title: _title, ...untitled } = problem(409);
    expect(
      v.check({
        method: 'POST',
        url: `/api/cases/${caseId}/transfer`,
        status: 409,
        contentType: PROBLEM,
        body: untitled,
      }),
    ).toEqual([expect.stringContaining("must have required property 'title'")]);
    expect(
      v.check({
        method: 'POST',
        url: `/api/cases/${caseId}/transfer`,
        status: 409,
        contentType: JSON_TYPE,
        body: problem(409),
      }),
    ).toEqual([
      expect.stringContaining(
        'answered application/json; the document has application/problem+json',
      ),
    ]);
  });

  it('matches a literal path before a template and checks arrays', () => {
    expect(
      v.check({
        method: 'GET',
        url: '/api/localities',
        status: 200,
        contentType: JSON_TYPE,
        body: [{ id: 'grays', name: 'Grays', places: [], referenceCode: 'GRA' }],
      }),
    ).toEqual([]);
    expect(
      v.check({
        method: 'GET',
        url: '/api/localities',
        status: 200,
        contentType: JSON_TYPE,
        body: [{ id: 'grays' }],
      }),
    ).toHaveLength(3);
  });

  it('leaves alone paths the document leaves out, and methods a path does not have', () => {
    expect(
      v.check({
        method: 'GET',
        url: '/health/live',
        status: 200,
        contentType: JSON_TYPE,
        body: { status: 'ok' },
      }),
    ).toEqual([]);
    expect(
      v.check({
        method: 'GET',
        url: '/api/no-such-thing',
        status: 404,
        contentType: PROBLEM,
        body: problem(404, 'not-found'),
      }),
    ).toEqual([]);
    expect(
      v.check({
        method: 'PATCH',
        url: '/api/cases',
        status: 404,
        contentType: PROBLEM,
        body: problem(404, 'not-found'),
      }),
    ).toEqual([]);
  });

  it('holds every query to its answer: an unknown field fails, a null where the document allows one passes', () => {
    const problems = v.check({
      method: 'GET',
      url: `/api/cases/${caseId}`,
      status: 200,
      contentType: JSON_TYPE,
      body: { anything: true },
    });
    expect(problems.length).toBeGreaterThan(0);
    const page = (coordinator: unknown) => ({
      method: 'GET',
      url: '/api/cases',
      status: 200,
      contentType: JSON_TYPE,
      body: {
        items: [{ caseId, reference: 'ILN-GRA-000001', residentName: 'A B', localityId: 'grays', status: 'open', coordinator, safeguardingFlag: false, openInputs: 0, nextReviewDue: null, updatedAt: '2026-12-01T09:00:00.000Z', version: 1 }],
        total: 1,
        page: 1,
        pageSize: 50,
      },
    });
    expect(v.check(page(null))).toEqual([]);
    expect(v.check(page({ id: 'p-1', name: 'Pat' }))).toEqual([]);
    expect(v.check(page('not an object')).length).toBeGreaterThan(0);
  });

  it('assert() throws every problem at once', () => {
    expect(() =>
      v.assert({
        method: 'POST',
        url: '/api/cases',
        status: 201,
        contentType: JSON_TYPE,
        body: {},
      }),
    ).toThrow(ContractMismatch);
    expect(() =>
      v.assert({
        method: 'POST',
        url: '/api/cases',
        status: 201,
        contentType: JSON_TYPE,
        body: {},
      }),
    ).toThrow(/caseId[\s\S]*version/);
  });
});

describe('ContractValidator: undocumented properties', () => {
  const v = ContractValidator.fromCommittedDocument();
  it('refuses a property the schema does not name', () => {
    expect(
      v.check({
        method: 'POST',
        url: '/api/cases',
        status: 201,
        contentType: 'application/json',
        body: {
          caseId: '0b5c6f0e-8a53-4a8e-9f57-2b7d1c7c1a11',
          version: 1,
          reference: 'ILN-GRA-000001',
          nhsNumber: '9434765919',
        },
      }),
    ).toEqual([
      expect.stringContaining(
        'must NOT have additional properties {"additionalProperty":"nhsNumber"}',
      ),
    ]);
  });
});

describe('ContractValidator: headers the document requires', () => {
  const v = ContractValidator.fromCommittedDocument();
  const caseId = '0b5c6f0e-8a53-4a8e-9f57-2b7d1c7c1a11';
  const opened = {
    method: 'POST',
    url: '/api/cases',
    status: 201,
    contentType: 'application/json',
    body: { caseId, version: 2, reference: 'ILN-GRA-000001' },
  };

  it('wants ETag and Location on a creation, in any case', () => {
    expect(
      v.check({ ...opened, headers: { etag: '"2"', location: `/api/cases/${caseId}` } }),
    ).toEqual([]);
    expect(v.check({ ...opened, headers: { ETag: '"2"' } })).toEqual([
      expect.stringContaining('lacks the Location header'),
    ]);
  });

  it('wants Retry-After on a 429 and WWW-Authenticate on a 401', () => {
    const problem = (status: number) => ({ type: '/problems/x', title: 'x', status, detail: 'x' });
    const at = { method: 'GET', url: '/api/teams', contentType: 'application/problem+json' };
    expect(v.check({ ...at, status: 429, body: problem(429), headers: {} })).toEqual([
      expect.stringContaining('lacks the Retry-After header'),
    ]);
    expect(
      v.check({
        ...at,
        status: 401,
        body: problem(401),
        headers: { 'www-authenticate': 'Bearer' },
      }),
    ).toEqual([]);
  });
});
