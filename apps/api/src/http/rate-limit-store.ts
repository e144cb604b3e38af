import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import Redis from 'ioredis';
import { AppConfig, Metrics, redisOptionsFrom } from '@iln/platform';

/** A Redis call that has not answered by then counts as failed: a request never waits longer on its limit. */
const REDIS_TIMEOUT_MS = 500;
const WARN_EVERY_MS = 60_000;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Where the rate-limit counters live: in Redis, so every API process (and every replica
 * behind a load balancer) counts against one budget per user and per address. The
 * counting is @nest-lab/throttler-storage-redis's (one Lua script per hit: increment,
 * expire, block).
 *
 * When Redis does not answer (down, or slower than 500 ms) the request is counted in this
 * process's memory instead (the per-process limits of before), the miss is counted in
 * `rate_limit_store_errors_total` and logged once a minute. Chosen over failing closed,
 * which would refuse every practitioner's request while Redis is away though nothing they
 * do needs Redis, and over failing open, which would drop the limit exactly when nobody is
 * watching it: this way a runaway script is still slowed (at most n × the limit over n
 * processes) and the service keeps working.
 *
 * Keys are `<QUEUE_PREFIX>:rate-limit:<sha-256 of limit name and caller>`: no user id or
 * address is stored in Redis in clear.
 */
@Injectable()
export class RateLimitStore implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimits');
  private readonly redis: Redis;
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private lastWarning = 0;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    this.redis = new Redis({
      ...redisOptionsFrom(config),
      connectionName: 'iln-api-rate-limits',
      // Fail at once while disconnected instead of queueing: the fallback answers instead.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: REDIS_TIMEOUT_MS,
    });
    this.redis.on('error', () => undefined);
    this.shared = new ThrottlerStorageRedisService(this.redis);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const sharedKey = `${this.config.queuePrefix}:rate-limit:${createHash('sha256').update(key).digest('base64url')}`;
    try {
      return await this.shared.increment(sharedKey, ttl, limit, blockDuration, throttlerName);
    } catch (e) {
      this.metrics.rateLimitStoreErrors.inc();
      const now = Date.now();
      if (now - this.lastWarning >= WARN_EVERY_MS) {
        this.lastWarning = now;
        const reason = e instanceof Error ? ((e as NodeJS.ErrnoException).code ?? e.name) : 'error';
        this.logger.warn(`rate-limit store (Redis) not answering (${reason}): counting in this process until it is back`);
      }
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  onApplicationShutdown(): void {
    this.local.onApplicationShutdown();
    this.redis.disconnect();
  }
}

@Module({ providers: [RateLimitStore], exports: [RateLimitStore] })
export class RateLimitStoreModule {}
