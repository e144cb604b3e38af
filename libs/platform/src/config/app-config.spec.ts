import { ConfigError, loadConfig } from './app-config';

const valid = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
  REDIS_URL: 'redis://127.0.0.1:6379',
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
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ]);
  });

  it('refuses dev auth in production', () => {
    expect(problemsOf({ ...valid, NODE_ENV: 'production', AUTH_MODE: 'dev' })).toEqual([
      'AUTH_MODE: dev issues its own tokens and is refused when NODE_ENV=production; use oidc',
    ]);
    expect(problemsOf({ ...valid, NODE_ENV: 'production' })).toEqual([
      'AUTH_MODE: required when NODE_ENV=production; expected oidc',
    ]);
  });

  it('requires the OIDC settings in oidc mode', () => {
    expect(problemsOf({ ...valid, AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://idp.example' })).toEqual([
      'OIDC_JWKS_URL: required, expected a https:// URL',
      'OIDC_AUDIENCE: required when AUTH_MODE=oidc (the API audience in issued tokens)',
    ]);
  });

  it('requires a connection string for EventStoreDB', () => {
    expect(problemsOf({ ...valid, EVENT_STORE: 'eventstoredb' })).toHaveLength(1);
    expect(loadConfig({ ...valid, EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' }).eventStoreConnectionString).toBe(
      'esdb://localhost:2113?tls=false',
    );
  });

  it('reports a missing follow-up policy file', () => {
    expect(problemsOf({ ...valid, FOLLOW_UP_POLICY_FILE: '/nonexistent/policy.json' })).toEqual([
      'FOLLOW_UP_POLICY_FILE: no such file "/nonexistent/policy.json"',
    ]);
  });
});
