import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '@iln/platform';
import { Principal, Role } from '@iln/case-coordination';
import { AccessAuditRecorder } from '../audit/access-audit.recorder';
import { AuthMetrics } from './auth-metrics';
import { ALLOWED_ROLES, AuthenticatedRequest, PUBLIC_ROUTE } from './decorators';
import { IssuerUnavailable, TokenVerifier } from './token-verifier';

const ISSUER_RETRY_AFTER_S = '5';

/**
 * Every route needs a valid bearer token unless marked @Public(). Refusals (401, 403)
 * go to the access audit: without a user id when the token proved nothing.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly audit: AccessAuditRecorder,
    private readonly metrics: AuthMetrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match) {
      return this.refuse(
        req,
        undefined,
        new ProblemException(
          401,
          'unauthenticated',
          'Unauthorized',
          'A bearer token is required',
          undefined,
          { 'WWW-Authenticate': 'Bearer' },
        ),
      );
    }
    let principal: Principal;
    try {
      principal = await this.verifier.verify(match[1]);
    } catch (e) {
      if (e instanceof IssuerUnavailable) {
        this.metrics.issuerUnavailable.inc();
        // Not the caller's fault and not a verdict on the token: 503, retry shortly.
        throw new ProblemException(
          503,
          'identity-provider-unavailable',
          'Service unavailable',
          'The identity provider could not be reached to check the token; try again shortly',
          undefined,
          {
            'Retry-After': ISSUER_RETRY_AFTER_S,
          },
        );
      }
      return this.refuse(
        req,
        undefined,
        new ProblemException(
          401,
          'invalid-token',
          'Unauthorized',
          'The bearer token is not valid',
          undefined,
          { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
        ),
      );
    }
    req.principal = principal;
    // A genuine identity that this service gives no role (an IdP user never assigned
    // one, or a roles claim the issuer does not send) may do nothing here.
    if (principal.roles.length === 0) {
      return this.refuse(
        req,
        principal,
        new ProblemException(
          403,
          'no-role',
          'Forbidden',
          'Your account has no role in this service',
        ),
      );
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (allowed && !allowed.some((r) => principal.roles.includes(r))) {
      return this.refuse(
        req,
        principal,
        new ProblemException(403, 'forbidden', 'Forbidden', 'Your role may not do this'),
      );
    }
    return true;
  }

  private async refuse(
    req: AuthenticatedRequest,
    principal: Principal | undefined,
    problem: ProblemException,
  ): Promise<never> {
    await this.audit.refused(req, principal, problem.getStatus());
    throw problem;
  }
}
