import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerRequest } from '@nestjs/throttler';
import { ProblemException } from '@iln/platform';
import type { AuthenticatedRequest } from '../auth/decorators';

export const IP_LIMIT = 'ip';
export const USER_LIMIT = 'user';

/** Probes and scrapes come from the platform, not from users, and must never be refused. */
export function isOperationsPath(url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0];
  return path.startsWith('/health') || path === '/metrics';
}

abstract class RateLimitGuard extends ThrottlerGuard {
  protected abstract readonly limitName: string;

  // Each guard applies only its own named limit, so the IP limit can run before sign-in
  // (it also slows down token guessing) and the user limit after it.
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    if (props.throttler.name !== this.limitName) return true;
    return super.handleRequest(props);
  }

  // One budget per caller across every route, not one per route.
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new ProblemException(429, 'rate-limited', 'Too many requests', 'Too many requests; slow down and retry later', undefined, {
      'Retry-After': String(Math.max(1, Math.ceil(detail.timeToBlockExpire))),
    });
  }
}

/** Per client IP (behind a trusted proxy, the forwarded address). */
@Injectable()
export class IpRateLimitGuard extends RateLimitGuard {
  protected readonly limitName = IP_LIMIT;
}

/** Per signed-in user, whichever address they call from. Runs after the AuthGuard. */
@Injectable()
export class UserRateLimitGuard extends RateLimitGuard {
  protected readonly limitName = USER_LIMIT;

  // Public routes have no user; the IP limit covers them.
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    if (!props.context.switchToHttp().getRequest<AuthenticatedRequest>().principal) return true;
    return super.handleRequest(props);
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return (req as { principal?: { id: string } }).principal!.id;
  }
}
