import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from './app-config';

const valid = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
  REDIS_URL: 'redis://127.0.0.1:6379',
  AUTH_MODE: 'dev',
};
const oidc = { ...valid, AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://idp.example/realms/thurrock', OIDC_AUDIENCE: 'iln-api' };

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies defaults for local development', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({ port: 3000, eventStore: 'postgres', authMode: 'dev', logLevel: 'info' });
  });

  it('names every bad variable, one line each', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    expect(problems).toEqual([
      'PORT: expected a whole number from 0 to 65535, got "eighty"',
      'DATABASE_URL: expected a URL starting postgres:// or postgresql://',
      'REDIS_URL: required, expected a redis:// URL',
      'AUTH_MODE: required, expected oidc or dev (dev issues its own tokens, for local use)',
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ]);
  });

  it('reads queries from DATABASE_READ_URL only when it is set, and checks it like DATABASE_URL', () => {
    expect(loadConfig(valid).databaseReadUrl).toBeUndefined();
    expect(loadConfig({ ...valid, DATABASE_READ_URL: '' }).databaseReadUrl).toBeUndefined();
    expect(loadConfig({ ...valid, DATABASE_READ_URL: 'postgresql://r:p@10.0.0.2:5432/db' }).databaseReadUrl).toBe('postgresql://r:p@10.0.0.2:5432/db');
    expect(problemsOf({ ...valid, DATABASE_READ_URL: 'mysql://r:secret@x/db' })).toEqual(['DATABASE_READ_URL: expected a URL starting postgres:// or postgresql://']);
    const bad = problemsOf({ ...valid, DATABASE_READ_URL: 'not a url secret' });
    expect(bad).toEqual(['DATABASE_READ_URL: not a valid URL (expected postgres://...)']);
  });

  it('refuses dev auth in production', () => {
    expect(problemsOf({ ...valid, NODE_ENV: 'production', AUTH_MODE: 'dev' })).toEqual([
      'AUTH_MODE: dev issues its own tokens and is refused when NODE_ENV=production; use oidc',
    ]);
    expect(problemsOf({ ...valid, NODE_ENV: 'production', AUTH_MODE: '' })).toEqual(['AUTH_MODE: required, expected oidc']);
  });

  it.each([undefined, 'development', 'test'])('never defaults to dev auth (NODE_ENV=%s)', (nodeEnv) => {
    const { AUTH_MODE: _, ...withoutAuth } = valid;
    expect(problemsOf({ ...withoutAuth, NODE_ENV: nodeEnv })).toEqual(['AUTH_MODE: required, expected oidc or dev (dev issues its own tokens, for local use)']);
    expect(problemsOf({ ...valid, NODE_ENV: nodeEnv, AUTH_MODE: 'Dev' })).toEqual(['AUTH_MODE: expected one of dev, oidc, got "Dev"']);
  });

  it('asks the worker and the tools for no AUTH_MODE', () => {
    const { AUTH_MODE: _, ...withoutAuth } = valid;
    const config = loadConfig(withoutAuth, { auth: false });
    expect(config.authMode).toBeUndefined();
    expect(config.devTokenSecret).toBeUndefined();
  });

  it('makes a fresh dev token secret at each start unless DEV_TOKEN_SECRET is set', () => {
    const first = loadConfig(valid).devTokenSecret!;
    const second = loadConfig(valid).devTokenSecret!;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(second).not.toBe(first);
    const shared = 'a-shared-secret-of-at-least-32-characters';
    expect(loadConfig({ ...valid, DEV_TOKEN_SECRET: shared }).devTokenSecret).toBe(shared);
  });

  it('refuses a short DEV_TOKEN_SECRET without echoing it', () => {
    const problems = problemsOf({ ...valid, DEV_TOKEN_SECRET: 'hunter2' });
    expect(problems).toEqual(['DEV_TOKEN_SECRET: too short, expected at least 32 characters (or leave it unset for a fresh secret at each start)']);
    expect(problems.join()).not.toContain('hunter2');
  });

  it('keeps no dev token secret in oidc mode', () => {
    expect(loadConfig({ ...oidc, DEV_TOKEN_SECRET: 'x'.repeat(40) }).devTokenSecret).toBeUndefined();
  });

  it('requires the issuer and audience in oidc mode; the JWKS URL may come from discovery', () => {
    expect(problemsOf({ ...valid, AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://idp.example' })).toEqual([
      'OIDC_AUDIENCE: required when AUTH_MODE=oidc (the API audience in issued tokens)',
    ]);
    expect(problemsOf({ ...valid, AUTH_MODE: 'oidc', OIDC_AUDIENCE: 'iln-api' })).toEqual(['OIDC_ISSUER: required, expected a https:// URL']);
    expect(loadConfig(oidc).oidc).toEqual({
      issuer: 'https://idp.example/realms/thurrock',
      audience: 'iln-api',
      jwksUrl: undefined,
      claims: { sub: 'sub', name: 'name', roles: 'roles', organisation: 'organisation', localities: 'localities', teams: 'teams' },
    });
    expect(problemsOf({ ...oidc, OIDC_JWKS_URL: 'ftp://idp.example/keys' })).toEqual(['OIDC_JWKS_URL: expected a URL starting https:// or http://']);
  });

  it('reads claim names and dotted paths from OIDC_CLAIM_*', () => {
    const config = loadConfig({ ...oidc, OIDC_CLAIM_SUB: 'oid', OIDC_CLAIM_ROLES: 'realm_access.roles', OIDC_CLAIM_ORGANISATION: 'extn.organisation', OIDC_CLAIM_TEAMS: 'https://iln.example/teams' });
    expect(config.oidc?.claims).toEqual({ sub: 'oid', name: 'name', roles: 'realm_access.roles', organisation: 'extn.organisation', localities: 'localities', teams: 'https://iln.example/teams' });
    expect(problemsOf({ ...oidc, OIDC_CLAIM_ROLES: 'realm_access..roles', OIDC_CLAIM_SUB: 'has space' })).toEqual([
      'OIDC_CLAIM_SUB: expected a claim name or a dotted path such as realm_access.roles, got "has space"',
      'OIDC_CLAIM_ROLES: expected a claim name or a dotted path such as realm_access.roles, got "realm_access..roles"',
    ]);
  });

  it('requires a connection string for EventStoreDB', () => {
    expect(problemsOf({ ...valid, EVENT_STORE: 'eventstoredb' })).toHaveLength(1);
    expect(loadConfig({ ...valid, EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' }).eventStoreConnectionString).toBe(
      'esdb://localhost:2113?tls=false',
    );
  });

  it('keeps closed cases eight years by default; RETENTION_YEARS sets whole years', () => {
    expect(loadConfig(valid).retentionYears).toBe(8);
    expect(loadConfig({ ...valid, RETENTION_YEARS: '6' }).retentionYears).toBe(6);
    expect(problemsOf({ ...valid, RETENTION_YEARS: '7.5' })).toEqual(['RETENTION_YEARS: expected a whole number from 0 to 100, got "7.5"']);
    expect(problemsOf({ ...valid, RETENTION_YEARS: '-1' })).toHaveLength(1);
  });

  it('runs one API process per core unless API_PROCESSES says how many (1 to 64)', () => {
    expect(loadConfig(valid).apiProcesses).toBe(availableParallelism());
    expect(loadConfig({ ...valid, API_PROCESSES: '3' }).apiProcesses).toBe(3);
    expect(problemsOf({ ...valid, API_PROCESSES: '0' })).toEqual(['API_PROCESSES: expected a whole number from 1 to 64, got "0"']);
    expect(problemsOf({ ...valid, API_PROCESSES: 'auto' })).toEqual(['API_PROCESSES: expected a whole number from 1 to 64, got "auto"']);
  });

  it('runs the retention at 02:30 London time by default; RETENTION_SCHEDULE takes a five-field cron pattern', () => {
    expect(loadConfig(valid).retentionSchedule).toBe('30 2 * * *');
    expect(loadConfig({ ...valid, RETENTION_SCHEDULE: '15 3 * * 1-5' }).retentionSchedule).toBe('15 3 * * 1-5');
    for (const bad of ['30 2 * *', 'at night', '30 2 * * * *']) {
      expect(problemsOf({ ...valid, RETENTION_SCHEDULE: bad })).toEqual(['RETENTION_SCHEDULE: expected a cron pattern of five fields, e.g. "30 2 * * *" (Europe/London time)']);
    }
  });

  it('reports a missing follow-up policy file', () => {
    expect(problemsOf({ ...valid, FOLLOW_UP_POLICY_FILE: '/nonexistent/policy.json' })).toEqual([
      'FOLLOW_UP_POLICY_FILE: no such file "/nonexistent/policy.json"',
    ]);
  });

  it('reads DATA_KEY_ENCRYPTION_KEY (and the previous one during a rotation) as 32 bytes, never echoing a bad value', () => {
    const key = Buffer.alloc(32, 1).toString('base64');
    const previous = Buffer.alloc(32, 2).toString('base64');
    const config = loadConfig({ ...valid, DATA_KEY_ENCRYPTION_KEY: key, DATA_KEY_ENCRYPTION_KEY_PREVIOUS: previous });
    expect(config.dataKeyEncryptionKey).toEqual(Buffer.alloc(32, 1));
    expect(config.dataKeyEncryptionKeyPrevious).toEqual(Buffer.alloc(32, 2));
    expect(loadConfig(valid).dataKeyEncryptionKey).toBeUndefined();
    const secretish = Buffer.alloc(16, 3).toString('base64'); // 16 bytes: too short
    for (const bad of [secretish, 'not base64 at all!', `${key}x`]) {
      const problems = problemsOf({ ...valid, DATA_KEY_ENCRYPTION_KEY: bad });
      expect(problems).toEqual([expect.stringMatching(/^DATA_KEY_ENCRYPTION_KEY: expected 32 random bytes in base64/)]);
      expect(problems.join()).not.toContain(bad);
    }
    expect(problemsOf({ ...valid, DATA_KEY_ENCRYPTION_KEY_PREVIOUS: previous })).toEqual([
      'DATA_KEY_ENCRYPTION_KEY_PREVIOUS: set only with DATA_KEY_ENCRYPTION_KEY (the key that replaces it)',
    ]);
  });
});
