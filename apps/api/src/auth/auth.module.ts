import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthMetrics } from './auth-metrics';
import { AuthGuard } from './auth.guard';
import { DevModeOnly, DevTokenController } from './dev-token.controller';
import { TokenVerifier } from './token-verifier';
import { AuditModule } from '../audit/audit.module';
import { HardeningModule } from '../http/hardening.module';
import { IpRateLimitGuard, UserRateLimitGuard } from '../http/hardening-rate-limit.guard';

// Global guards run in the order listed: the IP limit before sign-in (it also slows token
// guessing), then the token check, then the per-user limit, which needs the principal.
@Module({
  imports: [HardeningModule, AuditModule],
  controllers: [DevTokenController],
  providers: [
    TokenVerifier,
    AuthMetrics,
    DevModeOnly,
    { provide: APP_GUARD, useExisting: IpRateLimitGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useExisting: UserRateLimitGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
