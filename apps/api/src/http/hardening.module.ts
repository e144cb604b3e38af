import { ExecutionContext, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '@iln/platform';
import { IP_LIMIT, IpRateLimitGuard, USER_LIMIT, UserRateLimitGuard, isOperationsPath } from './hardening-rate-limit.guard';
import { RequestTimeoutInterceptor } from './hardening-timeout.interceptor';
import { RateLimitStore, RateLimitStoreModule } from './rate-limit-store';

const MINUTE_MS = 60_000;

const skipWhen =
  (limit: number) =>
  (ctx: ExecutionContext): boolean =>
    limit === 0 || isOperationsPath(ctx.switchToHttp().getRequest<{ url?: string }>().url);

/**
 * Rate limits and request timeouts. The guards are registered globally by the AuthModule,
 * which orders them around sign-in (IP limit, then AuthGuard, then the user limit).
 * Counters are kept in Redis (RateLimitStore), so the limits hold across API processes
 * and replicas; while Redis does not answer, each process counts on its own.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStoreModule],
      inject: [AppConfig, RateLimitStore],
      useFactory: (config: AppConfig, storage: RateLimitStore) => ({
        setHeaders: false,
        storage,
        throttlers: [
          { name: IP_LIMIT, ttl: MINUTE_MS, limit: config.rateLimit.perIpPerMinute, skipIf: skipWhen(config.rateLimit.perIpPerMinute) },
          { name: USER_LIMIT, ttl: MINUTE_MS, limit: config.rateLimit.perUserPerMinute, skipIf: skipWhen(config.rateLimit.perUserPerMinute) },
        ],
      }),
    }),
  ],
  providers: [IpRateLimitGuard, UserRateLimitGuard, { provide: APP_INTERCEPTOR, useClass: RequestTimeoutInterceptor }],
  exports: [ThrottlerModule, IpRateLimitGuard, UserRateLimitGuard],
})
export class HardeningModule {}
