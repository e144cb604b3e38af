import type { RedisOptions } from 'ioredis';

/** Redis behind Sentinel (REDIS_SENTINELS, REDIS_SENTINEL_NAME): ioredis asks the sentinels where the primary is. */
export interface RedisSentinelConfig {
  sentinels: { host: string; port: number }[];
  /** The primary's name as the sentinels know it (`sentinel monitor <name> ...`). */
  name: string;
  /** REDIS_SENTINEL_PASSWORD, when the sentinels themselves require one. */
  password?: string;
}

const DEFAULT_SENTINEL_PORT = 26379;

/**
 * REDIS_SENTINELS is a comma-separated list of `host:port` (port 26379 when left out;
 * IPv6 as `[::1]:26379`); REDIS_SENTINEL_NAME is then required. Unset: no Sentinel.
 */
export function parseRedisSentinel(env: NodeJS.ProcessEnv, problems: string[]): RedisSentinelConfig | undefined {
  const raw = (env.REDIS_SENTINELS ?? '').trim();
  const name = (env.REDIS_SENTINEL_NAME ?? '').trim();
  if (raw === '') {
    if (name !== '') problems.push('REDIS_SENTINEL_NAME: set without REDIS_SENTINELS (the sentinels to ask, host:port,...)');
    return undefined;
  }
  const sentinels: RedisSentinelConfig['sentinels'] = [];
  const bad: string[] = [];
  for (const entry of raw.split(',').map((s) => s.trim())) {
    const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?$/.exec(entry);
    const port = m?.[3] === undefined ? DEFAULT_SENTINEL_PORT : Number(m[3]);
    if (!m || port < 1 || port > 65535) bad.push(entry);
    else sentinels.push({ host: m[1] ?? m[2], port });
  }
  if (bad.length > 0) problems.push(`REDIS_SENTINELS: expected host:port,host:port,...; not understood: ${bad.map((b) => `"${b}"`).join(', ')}`);
  if (name === '') problems.push('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS (the name the sentinels monitor the primary under)');
  else if (!/^[A-Za-z0-9._-]+$/.test(name)) problems.push('REDIS_SENTINEL_NAME: expected letters, digits, ".", "_" or "-"');
  const password = env.REDIS_SENTINEL_PASSWORD || undefined;
  return { sentinels, name, password };
}

/**
 * ioredis options for the service's Redis: from REDIS_URL (host, port, database,
 * user, password, TLS for rediss://), or, with Sentinel configured, the sentinels and
 * the primary's name, REDIS_URL still giving the database, user, password and TLS.
 * Every Redis connection of the API and worker (BullMQ's too) is made from these.
 */
export function redisOptionsFrom(config: { redisUrl: string; redisSentinel?: RedisSentinelConfig }): RedisOptions {
  const url = new URL(config.redisUrl);
  const db = Number(url.pathname.replace(/^\//, '') || 0);
  const auth: RedisOptions = {
    db: Number.isInteger(db) ? db : 0,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  const sentinel = config.redisSentinel;
  if (!sentinel) return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 6379), ...auth };
  return {
    sentinels: sentinel.sentinels,
    name: sentinel.name,
    ...(sentinel.password ? { sentinelPassword: sentinel.password } : {}),
    ...auth,
  };
}
