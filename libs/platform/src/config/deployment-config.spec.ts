import { ConfigError, loadConfig } from './app-config';

// The deployment settings: the owner's URL and the runtime role, TRUST_PROXY, METRICS_PORT.
const valid = {
  DATABASE_URL: 'postgres://iln_app:p@db:5432/iln',
  REDIS_URL: 'redis://127.0.0.1:6379',
  AUTH_MODE: 'dev',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('database roles', () => {
  it('migrates with DATABASE_URL unless MIGRATION_DATABASE_URL names the owner', () => {
    expect(loadConfig(valid)).toMatchObject({
      migrationDatabaseUrl: valid.DATABASE_URL,
      databaseAppRole: undefined,
    });
    const owner = 'postgres://iln:secret@db:5432/iln';
    expect(
      loadConfig({ ...valid, MIGRATION_DATABASE_URL: owner, DATABASE_APP_ROLE: 'iln_app' }),
    ).toMatchObject({
      databaseUrl: valid.DATABASE_URL,
      migrationDatabaseUrl: owner,
      databaseAppRole: 'iln_app',
    });
  });

  it('refuses a bad owner URL or a role name that would need quoting, without echoing the URL', () => {
    const problems = problemsOf({
      ...valid,
      MIGRATION_DATABASE_URL: 'mysql://root:hunter2@db/x',
      DATABASE_APP_ROLE: 'App"; DROP',
    });
    expect(problems).toEqual([
      'MIGRATION_DATABASE_URL: expected a URL starting postgres:// or postgresql://',
      'DATABASE_APP_ROLE: expected a lower-case role name (letters, digits, "_"), at most 63 characters',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problemsOf({ ...valid, DATABASE_APP_ROLE: 'a'.repeat(64) })).toHaveLength(1);
  });
});

describe('TRUST_PROXY', () => {
  const trust = (value: string | undefined) =>
    loadConfig({ ...valid, TRUST_PROXY: value }).trustProxy;

  it('defaults to loopback, as before the setting existed', () => {
    expect(trust(undefined)).toEqual(['loopback']);
    expect(trust('')).toEqual(['loopback']);
  });

  it("accepts express's forms: off, on, a hop count, addresses, CIDRs and named ranges", () => {
    expect(trust('false')).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust('0')).toBe(0);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.0/8, 192.168.1.7,fd00::/8,::1, loopback,linklocal,uniquelocal')).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      '::1',
      'loopback',
      'linklocal',
      'uniquelocal',
    ]);
  });

  it('names what it does not understand', () => {
    expect(problemsOf({ ...valid, TRUST_PROXY: 'yes' })).toEqual([
      'TRUST_PROXY: expected false, true, a hop count, or comma-separated addresses, CIDRs, loopback, linklocal, uniquelocal; not understood: "yes"',
    ]);
    for (const bad of [
      '10.0.0.0/33',
      '::1/129',
      '10.0.0/8',
      '10.0.0.1/8/8',
      '10.0.0.1,,',
      'localhost',
      '-1',
      '33',
      '1.5',
    ]) {
      expect([bad, problemsOf({ ...valid, TRUST_PROXY: bad })]).toEqual([
        bad,
        [expect.stringMatching(/^TRUST_PROXY: /)],
      ]);
    }
  });
});

describe('METRICS_PORT', () => {
  it('is off by default, a port when set, and never the public port', () => {
    expect(loadConfig(valid).metricsPort).toBeUndefined();
    expect(loadConfig({ ...valid, METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(problemsOf({ ...valid, METRICS_PORT: '0' })).toEqual([
      'METRICS_PORT: expected a whole number from 1 to 65535, got "0"',
    ]);
    expect(problemsOf({ ...valid, METRICS_PORT: 'x' })).toHaveLength(1);
    expect(problemsOf({ ...valid, PORT: '9464', METRICS_PORT: '9464' })).toEqual([
      'METRICS_PORT: must differ from PORT',
    ]);
  });
});
