import { randomBytes } from 'node:crypto';
import { parseRedisSentinel, type RedisSentinelConfig } from '@iln/platform/config/redis-config';

/** The web app's configuration, from the environment (README "The web app"). */
export interface WebConfig {
  port: number;
  host: string;
  apiUrl: string;
  redisUrl: string;
  /** REDIS_SENTINELS + REDIS_SENTINEL_NAME, read as the API and worker read them. */
  redisSentinel?: RedisSentinelConfig;
  production: boolean;
  sessionSecret: string;
  authMode: 'dev' | 'oidc';
  /** The public address of this app, for the OIDC redirect URI. */
  publicUrl: string;
  oidc: { issuer: string; clientId: string; clientSecret: string | undefined; scope: string } | null;
  /** Prefix of the session keys in Redis. */
  sessionPrefix: string;
}

export function loadWebConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const port = Number(env.WEB_PORT ?? 3001);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('WEB_PORT must be a port number');
  const authMode = env.AUTH_MODE;
  if (authMode !== 'dev' && authMode !== 'oidc') problems.push('AUTH_MODE must be dev or oidc');
  if (authMode === 'dev' && production) problems.push('AUTH_MODE=dev is refused when NODE_ENV=production');
  if (!env.REDIS_URL) problems.push('REDIS_URL is required (sessions are kept in Redis)');
  const redisSentinel = parseRedisSentinel(env, problems);
  if (production && !env.SESSION_SECRET) problems.push('SESSION_SECRET is required when NODE_ENV=production');
  const host = env.HOST ?? '127.0.0.1';
  const publicUrl = (env.WEB_PUBLIC_URL || `http://127.0.0.1:${port}`).replace(/\/$/, '');
  let oidc: WebConfig['oidc'] = null;
  if (authMode === 'oidc') {
    if (!env.OIDC_ISSUER) problems.push('OIDC_ISSUER is required when AUTH_MODE=oidc');
    if (!env.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID is required when AUTH_MODE=oidc');
    oidc = { issuer: env.OIDC_ISSUER ?? '', clientId: env.OIDC_CLIENT_ID ?? '', clientSecret: env.OIDC_CLIENT_SECRET || undefined, scope: env.OIDC_SCOPE ?? 'openid profile' };
  }
  if (problems.length > 0) throw Object.assign(new Error(problems.join('\n')), { configProblems: problems });
  return {
    port,
    host,
    apiUrl: (env.API_URL || 'http://127.0.0.1:3000').replace(/\/$/, ''),
    redisUrl: env.REDIS_URL!,
    redisSentinel,
    production,
    sessionSecret: env.SESSION_SECRET || randomBytes(32).toString('hex'),
    authMode: authMode as 'dev' | 'oidc',
    publicUrl,
    oidc,
    sessionPrefix: env.WEB_SESSION_PREFIX ?? 'iln-web:sess:',
  };
}
