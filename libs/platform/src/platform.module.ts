import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig, redisOptionsFrom } from './config/app-config';
import { buildDataSourceOptions } from './database/data-source';
import { ReadDataSource, readReplicaReplay } from './database/read-data-source';
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

/** The second TypeORM connection's name, when the API reads its queries from DATABASE_READ_URL. */
const READ_CONNECTION = 'read';

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
    // Only the API serves queries; the worker and the tools write, so they stay on DATABASE_URL.
    const readUrl = options.app === 'api' ? config.databaseReadUrl : undefined;
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
        ...(readUrl
          ? [
              TypeOrmModule.forRootAsync({
                name: READ_CONNECTION,
                useFactory: () => ({
                  // Raw SQL only (the query handlers): no entities, no migrations run here.
                  ...buildDataSourceOptions({ url: readUrl, applicationName: `iln-${options.app}-read` }),
                  name: READ_CONNECTION,
                  migrations: [],
                  retryAttempts: 1000,
                  retryDelay: 1000,
                }),
                dataSourceFactory: async (opts) => new DataSource(opts!).initialize(),
              }),
            ]
          : []),
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
        readUrl
          ? {
              provide: ReadDataSource,
              inject: [getDataSourceToken(READ_CONNECTION)],
              useFactory: (replica: DataSource) => {
                health.register('replica', async () => {
                  const replay = await readReplicaReplay(replica);
                  // Up even while behind: a replica that lags makes Await-Position wait (503 after
                  // 5 s), not wrong answers; paused replay is named so an operator sees it.
                  return { status: 'up', detail: { lagSeconds: Math.round(replay.lagSeconds * 10) / 10, paused: replay.paused } };
                });
                metrics.observeReplicaReplay(() => readReplicaReplay(replica));
                return replica;
              },
            }
          : { provide: ReadDataSource, useExisting: DataSource },
        PlatformLifecycle,
      ],
      exports: [AppConfig, HealthRegistry, Metrics, Pool, RedisClient, ReadDataSource],
    };
  }
}
