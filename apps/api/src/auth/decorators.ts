import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { Principal, Role } from '@iln/case-coordination';

export const PUBLIC_ROUTE = 'iln:public';
export const ALLOWED_ROLES = 'iln:roles';

/** No token needed (health, docs, the dev token endpoint). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The roles that may call this route at all; finer rules (locality, consent) come after. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

export type AuthenticatedRequest = Request & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.principal) throw new Error('CurrentPrincipal used on a public route');
  return req.principal;
});
