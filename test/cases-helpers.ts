import type { components } from '@iln/api-client';
import type { ApiHarness, TokenClaims } from '@iln/testing';

// Shared by the case e2e files: a valid opening body and a caller with a token.

export const validResident = () => ({ givenName: 'Ada', familyName: 'Testcase', dateOfBirth: '1948-03-14', nhsNumber: '943 476 5919', postcode: 'RM17 6XX' });

export type OpenCaseBody = components['schemas']['OpenCaseDto'];

/** A valid opening body; overrides may be invalid on purpose (the typed client takes it either way). */
export const openBody = (overrides: Record<string, unknown> = {}): OpenCaseBody =>
  ({
    resident: validResident(),
    localityId: 'grays',
    source: 'gp',
    reason: 'Falls at home and living alone',
    needs: ['mobility'],
    whatMatters: 'Staying in my own home near my garden',
    ...overrides,
  }) as OpenCaseBody;

export interface Caller {
  token: string;
  id: string;
  auth: { Authorization: string };
}

export async function caller(h: ApiHarness, claims: TokenClaims = {}): Promise<Caller> {
  const id = claims.sub ?? 'p-grays-1';
  const token = await h.token({ sub: id, name: claims.name ?? 'Alex Fictionby', localities: ['grays'], ...claims });
  return { token, id, auth: { Authorization: `Bearer ${token}` } };
}

/** Opens a case in Grays and returns its id. */
export async function openCase(h: ApiHarness, who: Caller, overrides: Record<string, unknown> = {}): Promise<{ caseId: string; version: number; reference: string }> {
  const { data, error, response } = await h.client(who.token).POST('/api/cases', { body: openBody(overrides) });
  if (!data) throw new Error(`open failed: ${response.status} ${JSON.stringify(error)}`);
  return data;
}

/** Count of events in a case stream, straight from the store's table. */
export async function streamLength(h: ApiHarness, caseId: string): Promise<number> {
  const r = await h.pool.query<{ n: string }>(`SELECT count(*) AS n FROM es_events WHERE stream_id = $1`, [`case-${caseId}`]);
  return Number(r.rows[0].n);
}

/** A dev token from an API running as its own process (the reliability tests). */
export async function devTokenFrom(baseUrl: string, claims: { sub: string; name: string; roles: string[]; organisation: string; localities: string[] }): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/dev-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(claims),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Opens `count` cases over HTTP on a running API; every one must answer 201. */
export async function openCasesOn(baseUrl: string, accessToken: string, count: number): Promise<string[]> {
  const caseIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${baseUrl}/api/cases`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(openBody()),
    });
    expect(res.status).toBe(201);
    caseIds.push(((await res.json()) as { caseId: string }).caseId);
  }
  return caseIds;
}
