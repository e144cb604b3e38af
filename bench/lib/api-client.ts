/** A dev token for a bench user who may do everything the command mix needs, everywhere. */
export async function devToken(baseUrl: string, sub = 'bench-user'): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      sub,
      name: 'Bench User',
      roles: ['practitioner', 'team-manager', 'safeguarding-lead', 'front-door'],
      organisation: 'thurrock-council',
      teams: [],
      localities: ['*'],
    }),
  });
  if (!res.ok) throw new Error(`dev token: HTTP ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

export async function call(baseUrl: string, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Runs `work(i)` for i in [0, count) with `concurrency` in flight. */
export async function inParallel(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

export function openCaseBody(i: number, localityId = ['asop', 'grays', 'tilbury-chadwell', 'stanford-corringham'][i % 4]) {
  return {
    resident: { givenName: 'Bench', familyName: `Resident${i}`, dateOfBirth: '1941-03-02', postcode: 'RM17 6SL' },
    localityId,
    source: 'gp',
    reason: 'Falls at home and struggling with personal care',
    needs: ['mobility'],
  };
}
