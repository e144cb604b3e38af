import { loadWebConfig } from './config';

const base = { AUTH_MODE: 'dev', REDIS_URL: 'redis://127.0.0.1:6379/1' };
const problems = (env: NodeJS.ProcessEnv) => {
  try {
    loadWebConfig(env);
    return [];
  } catch (e) {
    return (e as { configProblems: string[] }).configProblems;
  }
};

describe('web config', () => {
  it('defaults to port 3001 and the API on 3000', () => {
    const c = loadWebConfig(base);
    expect([c.port, c.apiUrl, c.authMode, c.production]).toEqual([3001, 'http://127.0.0.1:3000', 'dev', false]);
    expect(c.sessionSecret).toHaveLength(64);
  });

  it('refuses what cannot work, one line per problem', () => {
    expect(problems({})).toEqual(['AUTH_MODE must be dev or oidc', 'REDIS_URL is required (sessions are kept in Redis)']);
    expect(problems({ ...base, NODE_ENV: 'production' })).toEqual([
      'AUTH_MODE=dev is refused when NODE_ENV=production',
      'SESSION_SECRET is required when NODE_ENV=production',
    ]);
    expect(problems({ ...base, NODE_ENV: 'production', AUTH_MODE: 'oidc', SESSION_SECRET: '' })).toEqual([
      'SESSION_SECRET is required when NODE_ENV=production',
      'OIDC_ISSUER is required when AUTH_MODE=oidc',
      'OIDC_CLIENT_ID is required when AUTH_MODE=oidc',
    ]);
    expect(problems({ ...base, WEB_PORT: 'http' })).toEqual(['WEB_PORT must be a port number']);
  });

  it('finds Redis through Sentinel with REDIS_SENTINELS and REDIS_SENTINEL_NAME, as the API does', () => {
    expect(loadWebConfig(base).redisSentinel).toBeUndefined();
    expect(loadWebConfig({ ...base, REDIS_SENTINELS: 's1:26379,s2', REDIS_SENTINEL_NAME: 'iln' }).redisSentinel).toEqual({
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      name: 'iln',
      password: undefined,
    });
    expect(problems({ ...base, REDIS_SENTINELS: 's1:26379' })).toEqual([expect.stringMatching(/^REDIS_SENTINEL_NAME: required/)]);
  });

  it('takes an empty SESSION_SECRET (compose passes one) as none', () => {
    expect(loadWebConfig({ ...base, SESSION_SECRET: '' }).sessionSecret).toHaveLength(64);
    expect(loadWebConfig({ ...base, SESSION_SECRET: 's3cret' }).sessionSecret).toBe('s3cret');
  });
});
