import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '@iln/platform';
import { Role } from '@iln/case-coordination';
import { ALLOWED_ROLES, AuthenticatedRequest, PUBLIC_ROUTE } from './decorators';
import { TokenVerifier } from './token-verifier';

/** Every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match) {
      throw new ProblemException(401, 'unauthenticated', 'Unauthorized', 'A bearer token is required', undefined, { 'WWW-Authenticate': 'Bearer' });
    }
    try {
      req.principal = await this.verifier.verify(match[1]);
    } catch {
      throw new ProblemException(401, 'invalid-token', 'Unauthorized', 'The bearer token is not valid', undefined, {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (allowed && !allowed.some((r) => req.principal!.roles.includes(r))) {
      throw new ProblemException(403, 'forbidden', 'Forbidden', 'Your role may not do this');
    }
    return true;
  }
}
