import {
  CallHandler,
  ExecutionContext,
  HttpException,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { Observable, catchError, from, mergeMap, throwError } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/decorators';
import { toProblem } from '../http/error-mapping';
import { AccessAuditRecorder, kindOf, routeCaseId, routeOf } from './access-audit.recorder';

/** The case ids a response is about: the route's case, a new case's id, or a list page's cases. */
export function caseIdsIn(body: unknown): string[] {
  if (!body || typeof body !== 'object') return [];
  const b = body as { caseId?: unknown; items?: unknown };
  if (typeof b.caseId === 'string') return [b.caseId];
  const items = Array.isArray(body) ? body : Array.isArray(b.items) ? b.items : [];
  const ids = new Set<string>();
  for (const item of items) {
    const id = (item as { caseId?: unknown } | null)?.caseId;
    if (typeof id === 'string') ids.add(id);
  }
  return [...ids];
}

function statusOf(error: unknown): number {
  if (error instanceof HttpException) return error.getStatus();
  return toProblem(error)?.getStatus() ?? 500;
}

/**
 * Records every read and every command on a case, and every refusal. A read whose
 * audit row cannot be written fails closed (503, the data is not sent): an unrecorded
 * look at a safeguarding record is what the audit exists to prevent. A command has
 * already been stored by then, and its events carry the actor, so its response stands.
 * Refusals by the token check itself (401, role 403) are recorded by the AuthGuard,
 * which runs before any interceptor.
 */
@Injectable()
export class AccessAuditInterceptor implements NestInterceptor {
  constructor(private readonly recorder: AccessAuditRecorder) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const principal = req.principal;
    const route = routeOf(req);
    if (!principal || !route) return next.handle();
    const caseId = routeCaseId(req);
    const kind = kindOf(req);

    return next.handle().pipe(
      mergeMap((body: unknown) => {
        // Reading the audit is not itself a case access.
        if (route.startsWith('/api/audit')) return [body];
        return from(
          (async () => {
            const caseIds = caseId ? [caseId] : caseIdsIn(body);
            await this.recorder.write(
              this.recorder.entries(req, principal, caseIds, res.statusCode),
              kind === 'read',
            );
            return body;
          })(),
        );
      }),
      catchError((error: unknown) => {
        const status = statusOf(error);
        if (!caseId && status !== 401 && status !== 403) return throwError(() => error);
        // The caller gets its error either way; no data is in it to withhold.
        return from(this.recorder.refused(req, principal, status)).pipe(
          mergeMap(() => throwError(() => error)),
        );
      }),
    );
  }
}
