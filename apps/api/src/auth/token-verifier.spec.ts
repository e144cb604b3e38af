import { SignJWT } from 'jose';
import { STANDARD_CLAIM_NAMES, loadConfig } from '@iln/platform';
import { InvalidToken, TokenVerifier, VERIFIED_TOKEN_CACHE_SIZE, readClaim, toPrincipal } from './token-verifier';

const DEFAULTS = STANDARD_CLAIM_NAMES;
const devEnv = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
  REDIS_URL: 'redis://127.0.0.1:6379',
  AUTH_MODE: 'dev',
};
const claims = {
  sub: 'p-1',
  name: 'Sam Carter',
  roles: ['practitioner' as const],
  organisation: 'thurrock-council',
  teams: [],
  localities: ['grays'],
};

describe('reading claims', () => {
  it('follows dotted paths into nested objects (Keycloak realm and client roles)', () => {
    const payload = {
      sub: 'kc-1',
      realm_access: { roles: ['offline_access', 'practitioner'] },
      resource_access: { 'iln-api': { roles: ['team-manager'] } },
    };
    expect(readClaim(payload, 'realm_access.roles')).toEqual(['offline_access', 'practitioner']);
    expect(readClaim(payload, 'resource_access.iln-api.roles')).toEqual(['team-manager']);
    expect(toPrincipal(payload, { ...DEFAULTS, roles: 'realm_access.roles' }).roles).toEqual([
      'practitioner',
    ]);
  });

  it('prefers a flat claim whose name holds dots (Entra ID extn.*, URL-named claims)', () => {
    const payload = {
      'extn.organisation': 'nelft',
      extn: { organisation: 'not-this' },
      'https://iln.example/teams': ['cls-grays'],
    };
    expect(readClaim(payload, 'extn.organisation')).toBe('nelft');
    expect(readClaim(payload, 'https://iln.example/teams')).toEqual(['cls-grays']);
  });

  it('maps an Entra ID token: subject from oid, app roles from roles', () => {
    const payload = {
      sub: 'pairwise-per-app',
      oid: '00000000-0000-0000-0000-0000000000aa',
      name: 'Ali Khan',
      roles: ['safeguarding-lead', 'Some.Other.AppRole'],
      'extn.organisation': 'thurrock-council',
      'extn.localities': ['grays', 'asop'],
    };
    expect(
      toPrincipal(payload, {
        ...DEFAULTS,
        sub: 'oid',
        organisation: 'extn.organisation',
        localities: 'extn.localities',
      }),
    ).toEqual({
      id: '00000000-0000-0000-0000-0000000000aa',
      name: 'Ali Khan',
      roles: ['safeguarding-lead'],
      organisation: 'thurrock-council',
      teams: [],
      localities: ['grays', 'asop'],
    });
  });

  it('takes a single string as a one-item (or space-separated) list and drops non-strings', () => {
    expect(
      toPrincipal(
        { sub: 'x', roles: 'partner', localities: 'grays asop', teams: ['t1', 7, null, ''] },
        DEFAULTS,
      ),
    ).toMatchObject({
      roles: ['partner'],
      localities: ['grays', 'asop'],
      teams: ['t1'],
    });
  });

  it('gives no roles when the roles claim is missing or holds none this service knows', () => {
    expect(toPrincipal({ sub: 'x' }, DEFAULTS).roles).toEqual([]);
    expect(toPrincipal({ sub: 'x', roles: { practitioner: true } }, DEFAULTS).roles).toEqual([]);
    expect(
      toPrincipal({ sub: 'x', realm_access: {} }, { ...DEFAULTS, roles: 'realm_access.roles' })
        .roles,
    ).toEqual([]);
  });

  it('refuses a token without a usable subject at the configured path', () => {
    expect(() => toPrincipal({ sub: 'x' }, { ...DEFAULTS, sub: 'oid' })).toThrow(InvalidToken);
    expect(() => toPrincipal({ sub: '' }, DEFAULTS)).toThrow(InvalidToken);
    expect(() => toPrincipal({ sub: { id: 'x' } } as never, DEFAULTS)).toThrow(InvalidToken);
  });

  it('never reads inherited properties as claims', () => {
    expect(readClaim({ sub: 'x' }, 'constructor')).toBeUndefined();
    expect(readClaim({ a: {} }, 'a.__proto__')).toBeUndefined();
    expect(readClaim({ a: ['r'] }, 'a.length')).toBeUndefined();
  });
});

describe('dev tokens', () => {
  it('are valid only for the process start that signed them, unless DEV_TOKEN_SECRET is shared', async () => {
    const first = new TokenVerifier(loadConfig(devEnv));
    const restarted = new TokenVerifier(loadConfig(devEnv));
    const token = await first.issueDevToken(claims, 60);
    await expect(first.verify(token)).resolves.toMatchObject({
      id: 'p-1',
      roles: ['practitioner'],
    });
    await expect(restarted.verify(token)).rejects.toThrow(InvalidToken);

    const shared = { ...devEnv, DEV_TOKEN_SECRET: 'shared-secret-for-two-api-processes-0123' };
    const a = new TokenVerifier(loadConfig(shared));
    const b = new TokenVerifier(loadConfig(shared));
    await expect(b.verify(await a.issueDevToken(claims, 60))).resolves.toMatchObject({ id: 'p-1' });
  });

  it('signed with the secret that once shipped in the code are refused', async () => {
    const old = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('p-1')
      .setIssuer('iln-dev')
      .setAudience('iln-api')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('iln-dev-only-secret-not-for-production'));
    await expect(new TokenVerifier(loadConfig(devEnv)).verify(old)).rejects.toThrow(InvalidToken);
  });

  it('are neither issued nor accepted without AUTH_MODE', async () => {
    const { AUTH_MODE: _, ...worker } = devEnv;
    const none = new TokenVerifier(loadConfig(worker, { auth: false }));
    await expect(none.issueDevToken(claims, 60)).rejects.toThrow(/AUTH_MODE=dev/);
    const token = await new TokenVerifier(loadConfig(devEnv)).issueDevToken(claims, 60);
    await expect(none.verify(token)).rejects.toThrow(InvalidToken);
  });
});

describe('verified tokens', () => {
  const sign = (key: string, exp: number) =>
    new SignJWT({ name: 'Sam Carter', roles: ['practitioner'], organisation: 'thurrock-council', localities: ['grays'] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('p-1')
      .setIssuer('iln-dev')
      .setAudience('iln-api')
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(key));
  const env = { ...devEnv, DEV_TOKEN_SECRET: 'shared-secret-for-two-api-processes-0123' };

  afterEach(() => jest.useRealTimers());

  it('are answered again without checking the signature until they expire, then checked (and refused) again', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T09:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const verifier = new TokenVerifier(loadConfig(env));
    const token = await sign(env.DEV_TOKEN_SECRET, Date.parse('2026-12-01T09:10:00Z') / 1000);
    const first = await verifier.verify(token);
    const checks = jest.spyOn(verifier as unknown as { verifyToken: (t: string) => Promise<unknown> }, 'verifyToken');
    await expect(verifier.verify(token)).resolves.toBe(first);
    expect(checks).not.toHaveBeenCalled();
    // Past exp and past the 30 s clock tolerance: verified again, and refused.
    jest.setSystemTime(new Date('2026-12-01T09:10:31Z'));
    await expect(verifier.verify(token)).rejects.toThrow(InvalidToken);
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('never keep a refusal: a token refused once is refused again after checking again', async () => {
    const verifier = new TokenVerifier(loadConfig(env));
    const forged = await sign('another-secret-entirely-0123456789abcdef', Math.floor(Date.now() / 1000) + 600);
    const checks = jest.spyOn(verifier as unknown as { verifyToken: (t: string) => Promise<unknown> }, 'verifyToken');
    await expect(verifier.verify(forged)).rejects.toThrow(InvalidToken);
    await expect(verifier.verify(forged)).rejects.toThrow(InvalidToken);
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('give a principal nobody can change for the next request with the same token', async () => {
    const verifier = new TokenVerifier(loadConfig(env));
    const token = await sign(env.DEV_TOKEN_SECRET, Math.floor(Date.now() / 1000) + 600);
    const principal = await verifier.verify(token);
    expect(() => (principal.roles as string[]).push('admin')).toThrow(TypeError);
    expect(() => Object.assign(principal, { localities: ['*'] })).toThrow(TypeError);
    await expect(verifier.verify(token)).resolves.toMatchObject({ roles: ['practitioner'], localities: ['grays'] });
  });

  it('are kept up to a bound, the least recently used going first', async () => {
    const verifier = new TokenVerifier(loadConfig(env));
    const cache = (verifier as unknown as { verified: Map<string, unknown> }).verified;
    const exp = Math.floor(Date.now() / 1000) + 600;
    for (let i = 0; i < VERIFIED_TOKEN_CACHE_SIZE; i++) cache.set(`filler-${i}`, { principal: {}, expiresAtMs: exp * 1000 });
    const token = await sign(env.DEV_TOKEN_SECRET, exp);
    await verifier.verify(token);
    expect(cache.size).toBe(VERIFIED_TOKEN_CACHE_SIZE);
    expect(cache.has('filler-0')).toBe(false);
    expect(cache.has(token)).toBe(true);
  });
});
