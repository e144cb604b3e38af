import { ConfigError, loadConfig } from './app-config';
import { redisOptionsFrom } from './redis-config';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', REDIS_URL: 'redis://:s3cret@cache.internal:6380/4' };
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ ...base, ...env }, { auth: false });
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

describe('Redis through Sentinel (REDIS_SENTINELS, REDIS_SENTINEL_NAME)', () => {
  it('is off when unset: Redis at REDIS_URL, its database and password', () => {
    const config = loadConfig(base, { auth: false });
    expect(config.redisSentinel).toBeUndefined();
    expect(redisOptionsFrom(config)).toEqual({ host: 'cache.internal', port: 6380, db: 4, password: 's3cret' });
  });

  it('asks the listed sentinels (26379 when no port is given) for the named primary; REDIS_URL still gives database and password', () => {
    const config = loadConfig(
      { ...base, REDIS_SENTINELS: 'sentinel-a:26380, 10.0.0.7 ,[fd00::7]:26381', REDIS_SENTINEL_NAME: 'iln-primary', REDIS_SENTINEL_PASSWORD: 'sentinel-pw' },
      { auth: false },
    );
    expect(config.redisSentinel).toEqual({
      sentinels: [
        { host: 'sentinel-a', port: 26380 },
        { host: '10.0.0.7', port: 26379 },
        { host: 'fd00::7', port: 26381 },
      ],
      name: 'iln-primary',
      password: 'sentinel-pw',
    });
    const options = redisOptionsFrom(config);
    expect(options).toEqual({
      sentinels: config.redisSentinel!.sentinels,
      name: 'iln-primary',
      sentinelPassword: 'sentinel-pw',
      db: 4,
      password: 's3cret',
    });
    expect(options).not.toHaveProperty('host');
  });

  it('refuses a sentinel list without a name, a name without a list, and entries it cannot read, naming each', () => {
    expect(problemsOf({ REDIS_SENTINELS: 'a:26379' })).toEqual([expect.stringMatching(/^REDIS_SENTINEL_NAME: required with REDIS_SENTINELS/)]);
    expect(problemsOf({ REDIS_SENTINEL_NAME: 'iln-primary' })).toEqual([expect.stringMatching(/^REDIS_SENTINEL_NAME: set without REDIS_SENTINELS/)]);
    expect(problemsOf({ REDIS_SENTINELS: 'a:26379,b:99999,c d,:1,', REDIS_SENTINEL_NAME: 'x' })).toEqual([
      'REDIS_SENTINELS: expected host:port,host:port,...; not understood: "b:99999", "c d", ":1", ""',
    ]);
    expect(problemsOf({ REDIS_SENTINELS: 'a', REDIS_SENTINEL_NAME: 'has space' })).toEqual([
      'REDIS_SENTINEL_NAME: expected letters, digits, ".", "_" or "-"',
    ]);
  });

  it('keeps user, password and TLS from a rediss:// URL', () => {
    expect(redisOptionsFrom({ redisUrl: 'rediss://app%40iln:p%2Fw@redis.example:6390' })).toEqual({
      host: 'redis.example',
      port: 6390,
      db: 0,
      username: 'app@iln',
      password: 'p/w',
      tls: {},
    });
  });
});
