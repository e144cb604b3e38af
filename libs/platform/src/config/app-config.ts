import { OidcConfig, authConfig } from './auth-config';
import { RedisSentinelConfig, parseRedisSentinel } from './redis-config';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';

export type EventStoreKind = 'postgres' | 'eventstoredb';
export type AuthMode = 'dev' | 'oidc';
export type { OidcClaimNames, OidcConfig } from './auth-config';
export { STANDARD_CLAIM_NAMES } from './auth-config';
export type { RedisSentinelConfig } from './redis-config';
export { redisOptionsFrom } from './redis-config';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** Express's `trust proxy`: off, everything, a number of hops, or addresses / CIDRs / named ranges. */
export type TrustProxy = boolean | number | string[];

/** The service's configuration, read once from the environment at start. */
export abstract class AppConfig {
  abstract readonly nodeEnv: string;
  abstract readonly port: number;
  abstract readonly host: string;
  abstract readonly databaseUrl: string;
  /**
   * A streaming replica (hot standby) of DATABASE_URL's database (DATABASE_READ_URL): when
   * set, the API's queries read the read models there (README, Past one machine). Unset:
   * everything on DATABASE_URL.
   */
  abstract readonly databaseReadUrl?: string;
  abstract readonly redisUrl: string;
  /** Set with REDIS_SENTINELS + REDIS_SENTINEL_NAME: Redis is found through Sentinel (redisOptionsFrom). */
  abstract readonly redisSentinel?: RedisSentinelConfig;
  abstract readonly eventStore: EventStoreKind;
  abstract readonly eventStoreConnectionString?: string;
  /** Set for the API (it must be told, never defaulted); undefined for the worker and tools. */
  abstract readonly authMode?: AuthMode;
  abstract readonly oidc?: OidcConfig;
  /** Dev mode only: DEV_TOKEN_SECRET, or random bytes made at this start. */
  abstract readonly devTokenSecret?: string;
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
  /** Where `migrate`, `seed` and `projections:rebuild` connect: the owner. Default: databaseUrl. */
  abstract readonly migrationDatabaseUrl: string;
  /** The runtime role `migrate` grants exactly what the API and worker need (DATABASE_APP_ROLE). */
  abstract readonly databaseAppRole?: string;
  /** Which proxies in front of the API may set X-Forwarded-For (TRUST_PROXY). */
  abstract readonly trustProxy: TrustProxy;
  /** When set, the API serves /metrics only on this port (METRICS_PORT), not on `port`. */
  abstract readonly metricsPort?: number;
  /**
   * How many API processes serve PORT (API_PROCESSES; default one per core). Above 1 the
   * API's entry is a node:cluster primary that starts them, replaces any that dies and
   * drains them all on SIGTERM. The worker and tools ignore it.
   */
  abstract readonly apiProcesses: number;
  /** Whole years after closure that a closed case is kept before disposal (RETENTION_YEARS, default 8; issue 16). */
  abstract readonly retentionYears: number;
  /** When the worker's daily retention run starts: a cron pattern in Europe/London time (RETENTION_SCHEDULE, default `30 2 * * *`). */
  abstract readonly retentionSchedule: string;
  /**
   * The key-encryption key that wraps every case's data key (DATA_KEY_ENCRYPTION_KEY, 32
   * bytes in base64; issue 16), and the one it replaced while a rotation runs
   * (DATA_KEY_ENCRYPTION_KEY_PREVIOUS). Checked here when set; required where case events
   * are read or written (a clear `config error` at start without it).
   */
  abstract readonly dataKeyEncryptionKey?: Buffer;
  abstract readonly dataKeyEncryptionKeyPrevious?: Buffer;
}

/** The 32-byte key a base64 value holds, or a problem that never echoes the value. */
export function parseDataKeyEncryptionKey(name: string, raw: string | undefined, problems: string[]): Buffer | undefined {
  if (!raw || raw.trim() === '') return undefined;
  const value = raw.trim();
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0 ? Buffer.from(value, 'base64') : undefined;
  if (!key || key.length !== 32) {
    problems.push(`${name}: expected 32 random bytes in base64 (44 characters; e.g. openssl rand -base64 32); the value given is not that`);
    return undefined;
  }
  return key;
}

/** The message when DATA_KEY_ENCRYPTION_KEY is needed and missing (see dataKeyEncryptionKey). */
export const DATA_KEY_ENCRYPTION_KEY_REQUIRED =
  'DATA_KEY_ENCRYPTION_KEY: required (32 random bytes in base64, e.g. `openssl rand -base64 32`): it wraps the per-case keys that encrypt personal data in events';

export interface LoadConfigOptions {
  /**
   * The API verifies tokens and so must be told how (AUTH_MODE); the worker and the
   * operator tools verify none and need not be.
   */
  auth?: boolean;
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
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): AppConfig {
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
  const databaseReadUrl = urlVar('DATABASE_READ_URL', ['postgres:', 'postgresql:'], false);
  const redisUrl = urlVar('REDIS_URL', ['redis:', 'rediss:'], true) ?? '';
  const redisSentinel = parseRedisSentinel(env, problems);
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

  // --- authentication (AUTH_MODE, DEV_TOKEN_SECRET, OIDC_*) ---
  let authMode: AuthMode | undefined;
  let oidc: OidcConfig | undefined;
  let devTokenSecret: string | undefined;
  if (options.auth ?? true) {
    ({ authMode, oidc, devTokenSecret } = authConfig(env, nodeEnv, problems, urlVar));
  }
  // --- end of authentication ---

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
  const migrationDatabaseUrl = urlVar('MIGRATION_DATABASE_URL', ['postgres:', 'postgresql:'], false) ?? databaseUrl;
  const databaseAppRole = env.DATABASE_APP_ROLE || undefined;
  if (databaseAppRole && !/^[a-z_][a-z0-9_]{0,62}$/.test(databaseAppRole)) {
    problems.push('DATABASE_APP_ROLE: expected a lower-case role name (letters, digits, "_"), at most 63 characters');
  }
  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);
  const metricsPort = env.METRICS_PORT ? intVar('METRICS_PORT', 0, 1, 65535) : undefined;
  if (metricsPort !== undefined && metricsPort === port) problems.push('METRICS_PORT: must differ from PORT');
  const retentionYears = intVar('RETENTION_YEARS', 8, 0, 100);
  const apiProcesses = intVar('API_PROCESSES', availableParallelism(), 1, 64);
  const retentionSchedule = (env.RETENTION_SCHEDULE ?? '').trim() || '30 2 * * *';
  if (!/^[0-9*,/-]+( [0-9*,/-]+){4}$/.test(retentionSchedule)) {
    problems.push('RETENTION_SCHEDULE: expected a cron pattern of five fields, e.g. "30 2 * * *" (Europe/London time)');
  }
  const dataKeyEncryptionKey = parseDataKeyEncryptionKey('DATA_KEY_ENCRYPTION_KEY', env.DATA_KEY_ENCRYPTION_KEY, problems);
  const dataKeyEncryptionKeyPrevious = parseDataKeyEncryptionKey('DATA_KEY_ENCRYPTION_KEY_PREVIOUS', env.DATA_KEY_ENCRYPTION_KEY_PREVIOUS, problems);
  if (dataKeyEncryptionKeyPrevious && !dataKeyEncryptionKey) {
    problems.push('DATA_KEY_ENCRYPTION_KEY_PREVIOUS: set only with DATA_KEY_ENCRYPTION_KEY (the key that replaces it)');
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    nodeEnv,
    port,
    host,
    databaseUrl,
    databaseReadUrl,
    redisUrl,
    redisSentinel,
    eventStore,
    eventStoreConnectionString,
    authMode,
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
    migrationDatabaseUrl,
    databaseAppRole,
    trustProxy,
    metricsPort,
    retentionYears,
    apiProcesses,
    retentionSchedule,
    dataKeyEncryptionKey,
    dataKeyEncryptionKeyPrevious,
  };
}

const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY in the forms Express accepts: `false` (X-Forwarded-For ignored), `true`
 * (any sender trusted: only behind a proxy that overwrites the header), a hop count, or a
 * comma-separated list of addresses, CIDRs and the names loopback, linklocal,
 * uniquelocal. Default `loopback`, as before the variable existed.
 */
function parseTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  if (raw === undefined || raw.trim() === '') return ['loopback'];
  const value = raw.trim();
  if (value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 32) problems.push(`TRUST_PROXY: a hop count must be at most 32, got ${hops}`);
    return hops;
  }
  const entries = value.split(',').map((s) => s.trim());
  const bad = entries.filter((e) => !NAMED_RANGES.includes(e) && !isAddressOrCidr(e));
  if (bad.length > 0) {
    problems.push(
      `TRUST_PROXY: expected false, true, a hop count, or comma-separated addresses, CIDRs, loopback, linklocal, uniquelocal; not understood: ${bad.map((b) => `"${b}"`).join(', ')}`,
    );
  }
  return entries;
}

function isAddressOrCidr(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const EX_CONFIG = 78;

/** Used by both apps' main: prints one line per problem and exits non-zero. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): AppConfig {
  try {
    return loadConfig(env, options);
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
