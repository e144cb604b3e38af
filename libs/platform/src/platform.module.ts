import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig, redisOptionsFrom } from './config/app-config';
import { buildDataSourceOptions } from './database/data-source';
import { HealthRegistry } from './health/health';
import { LoggingModule } from './logging/logging.module';
import { Metrics } from './metrics/metrics';

/** The service's own Redis connection (health, idempotency-free helpers); BullMQ opens its own. */
export abstract class RedisClient extends Redis {}

export interface PlatformOptions {
  config: AppConfig;
  app: 'api' | 'worker' | 'cli';
  entities?: DataSourceOptions['entities'];
}

export const REDIS = RedisClient;

@Injectable()
class PlatformLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly pool: Pool,
    @Inject(RedisClient) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.pool.end(), this.redis.quit()]);
  }
}

/**
 * Infrastructure both apps share: configuration, the PostgreSQL pool the event store
 * uses, TypeORM for the read models, Redis, logs, metrics and the readiness registry.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { config } = options;
    const health = new HealthRegistry();
    const metrics = new Metrics(options.app);
    return {
      module: PlatformModule,
      imports: [
        LoggingModule.forRoot(),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...buildDataSourceOptions({ url: config.databaseUrl, entities: options.entities, applicationName: `iln-${options.app}` }),
            // The pool must survive PostgreSQL restarts: failed connections are retried by
            // the next query rather than failing the process at start.
            retryAttempts: 1000,
            retryDelay: 1000,
          }),
          dataSourceFactory: async (opts) => new DataSource(opts!).initialize(),
        }),
      ],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: HealthRegistry, useValue: health },
        { provide: Metrics, useValue: metrics },
        {
          provide: Pool,
          useFactory: () => {
            const pool = new Pool({
              connectionString: config.databaseUrl,
              max: 20,
              application_name: `iln-${options.app}-es`,
              idle_in_transaction_session_timeout: 30_000,
              connectionTimeoutMillis: 5_000,
            });
            // An idle client that loses its server emits here; without a listener Node
            // would crash the process on a PostgreSQL restart.
            pool.on('error', () => undefined);
            health.register('database', async () => {
              await pool.query('SELECT 1');
              return { status: 'up' };
            });
            return pool;
          },
        },
        {
          provide: RedisClient,
          useFactory: () => {
            const redis = new Redis({ ...redisOptionsFrom(config), maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
            redis.on('error', () => undefined);
            health.register('redis', async () => {
              await redis.ping();
              return { status: 'up' };
            });
            return redis;
          },
        },
        PlatformLifecycle,
      ],
      exports: [AppConfig, HealthRegistry, Metrics, Pool, RedisClient],
    };
  }
}
