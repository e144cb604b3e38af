import { existsSync, readFileSync } from 'node:fs';

export type EventStoreKind = 'postgres' | 'eventstoredb';
export type AuthMode = 'dev' | 'oidc';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The service's configuration, read once from the environment at start. */
export abstract class AppConfig {
  abstract readonly nodeEnv: string;
  abstract readonly port: number;
  abstract readonly host: string;
  abstract readonly databaseUrl: string;
  abstract readonly redisUrl: string;
  abstract readonly eventStore: EventStoreKind;
  abstract readonly eventStoreConnectionString?: string;
  abstract readonly authMode: AuthMode;
  abstract readonly oidc?: { issuer: string; audience: string; jwksUrl: string };
  abstract readonly devTokenSecret: string;
  abstract readonly followUpPolicyFile?: string;
  /** The parsed JSON of FOLLOW_UP_POLICY_FILE, validated by the case-coordination library. */
  abstract readonly followUpPolicyOverrides?: unknown;
  abstract readonly logLevel: LogLevel;
  abstract readonly corsOrigins: string[];
  abstract readonly shutdownTimeoutMs: number;
  abstract readonly requestTimeoutMs: number;
  /** Requests per minute per signed-in user, and per client IP; 0 turns a limit off. */
  abstract readonly rateLimit: { perUserPerMinute: number; perIpPerMinute: number };
  abstract readonly queuePrefix: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.join('\n')}`);
  }
}

/**
 * Requests per minute. A person working a case list makes a few requests a second at
 * most, so 600 per user leaves room for bursts (opening a case loads several views)
 * while a runaway script or a stolen token is slowed within a minute. 3,000 per
 * address allows a team behind one office address; raise it when more share one.
 * Load tests set their own (0 = off).
 */
export const DEFAULT_RATE_LIMITS = Object.freeze({ perUserPerMinute: 600, perIpPerMinute: 3_000 });

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads and checks every variable, collecting all problems so an operator fixes them in
 * one go. Messages name the variable and what is expected, never echo secrets.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';

  const intVar = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      problems.push(`${name}: expected a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const urlVar = (name: string, protocols: string[], required: boolean): string | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      if (required) problems.push(`${name}: required, expected a ${protocols[0]}// URL`);
      return undefined;
    }
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) {
        problems.push(`${name}: expected a URL starting ${protocols.map((p) => `${p}//`).join(' or ')}`);
      }
    } catch {
      problems.push(`${name}: not a valid URL (expected ${protocols[0]}//...)`);
    }
    return raw;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T | undefined): T | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!allowed.includes(raw as T)) {
      problems.push(`${name}: expected one of ${allowed.join(', ')}, got "${raw}"`);
      return fallback;
    }
    return raw as T;
  };

  const port = intVar('PORT', 3000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const databaseUrl = urlVar('DATABASE_URL', ['postgres:', 'postgresql:'], true) ?? '';
  const redisUrl = urlVar('REDIS_URL', ['redis:', 'rediss:'], true) ?? '';
  const eventStore = oneOf<EventStoreKind>('EVENT_STORE', ['postgres', 'eventstoredb'], 'postgres') ?? 'postgres';
  let eventStoreConnectionString: string | undefined;
  if (eventStore === 'eventstoredb') {
    eventStoreConnectionString = env.EVENTSTORE_CONNECTION_STRING;
    if (!eventStoreConnectionString) {
      problems.push('EVENTSTORE_CONNECTION_STRING: required when EVENT_STORE=eventstoredb (e.g. esdb://localhost:2113?tls=false)');
    } else if (!/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb):\/\//.test(eventStoreConnectionString)) {
      problems.push('EVENTSTORE_CONNECTION_STRING: expected an esdb:// connection string');
    }
  }

  const authMode = oneOf<AuthMode>('AUTH_MODE', ['dev', 'oidc'], nodeEnv === 'production' ? undefined : 'dev');
  let oidc: AppConfig['oidc'];
  if (authMode === undefined && env.AUTH_MODE === undefined) {
    problems.push('AUTH_MODE: required when NODE_ENV=production; expected oidc');
  }
  if (authMode === 'dev' && nodeEnv === 'production') {
    problems.push('AUTH_MODE: dev issues its own tokens and is refused when NODE_ENV=production; use oidc');
  }
  if (authMode === 'oidc') {
    const issuer = urlVar('OIDC_ISSUER', ['https:', 'http:'], true);
    const jwksUrl = urlVar('OIDC_JWKS_URL', ['https:', 'http:'], true);
    const audience = env.OIDC_AUDIENCE;
    if (!audience) problems.push('OIDC_AUDIENCE: required when AUTH_MODE=oidc (the API audience in issued tokens)');
    if (issuer && jwksUrl && audience) oidc = { issuer, audience, jwksUrl };
  }

  let followUpPolicyOverrides: unknown;
  const followUpPolicyFile = env.FOLLOW_UP_POLICY_FILE || undefined;
  if (followUpPolicyFile) {
    if (!existsSync(followUpPolicyFile)) {
      problems.push(`FOLLOW_UP_POLICY_FILE: no such file "${followUpPolicyFile}"`);
    } else {
      try {
        followUpPolicyOverrides = JSON.parse(readFileSync(followUpPolicyFile, 'utf8'));
      } catch {
        problems.push(`FOLLOW_UP_POLICY_FILE: "${followUpPolicyFile}" is not valid JSON`);
      }
    }
  }

  const logLevel = oneOf<LogLevel>('LOG_LEVEL', LOG_LEVELS, 'info') ?? 'info';
  const corsOrigins = (env.CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const shutdownTimeoutMs = intVar('SHUTDOWN_TIMEOUT_MS', 25_000, 0, 600_000);
  const requestTimeoutMs = intVar('REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000);
  const rateLimit = {
    perUserPerMinute: intVar('RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMITS.perUserPerMinute, 0, 10_000_000),
    perIpPerMinute: intVar('RATE_LIMIT_PER_IP_PER_MINUTE', DEFAULT_RATE_LIMITS.perIpPerMinute, 0, 10_000_000),
  };
  const queuePrefix = env.QUEUE_PREFIX || 'iln';
  if (!/^[A-Za-z0-9_-]+$/.test(queuePrefix)) {
    problems.push('QUEUE_PREFIX: expected letters, digits, "_" or "-"');
  }
  const devTokenSecret = env.DEV_TOKEN_SECRET || 'iln-dev-only-secret-not-for-production';

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    nodeEnv,
    port,
    host,
    databaseUrl,
    redisUrl,
    eventStore,
    eventStoreConnectionString,
    authMode: authMode ?? 'oidc',
    oidc,
    devTokenSecret,
    followUpPolicyFile,
    followUpPolicyOverrides,
    logLevel,
    corsOrigins,
    shutdownTimeoutMs,
    requestTimeoutMs,
    rateLimit,
    queuePrefix,
  };
}

const EX_CONFIG = 78;

/** Used by both apps' main: prints one line per problem and exits non-zero. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) exitWithConfigProblems(e);
    throw e;
  }
}

function exitWithConfigProblems(e: ConfigError): never {
  for (const p of e.problems) process.stderr.write(`config error: ${p}\n`);
  process.exit(EX_CONFIG);
}

/**
 * A process that cannot start says why in one line and exits non-zero. Configuration
 * checked later than loadConfig (the follow-up policy file, checked where it is parsed)
 * reads the same as the rest: one `config error:` line per problem, exit 78.
 */
export function exitOnStartupFailure(app: string, e: unknown): never {
  if (e instanceof ConfigError) exitWithConfigProblems(e);
  const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
  process.stderr.write(`${app} failed to start: ${message}\n`);
  process.exit(1);
}
