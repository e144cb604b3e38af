import { CallHandler, ExecutionContext, HttpException, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable, catchError, from, mergeMap, throwError } from 'rxjs';
import { ProblemException } from '@iln/platform';
import { AccessAuditEntry, AccessAuditLog } from '@iln/case-coordination';
import type { AuthenticatedRequest } from '../auth/decorators';
import { toProblem } from '../http/error-mapping';
import { AuditMetrics } from './audit-metrics';

const CASE_ROUTE = /^\/api\/cases\/:id(\/|$)/;

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
 * Records every read and every command on a case. A read whose audit row cannot be
 * written fails closed (503, the data is not sent): an unrecorded look at a safeguarding
 * record is what the audit exists to prevent. A command has already been stored by then,
 * and its events carry the actor, so its response stands; the failure is logged (ids
 * only) and counted so it is not silent.
 */
@Injectable()
export class AccessAuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('AccessAudit');

  constructor(
    private readonly log: AccessAuditLog,
    private readonly metrics: AuditMetrics,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const principal = req.principal;
    const route = (req.route as { path?: string } | undefined)?.path;
    if (!principal || !route || route.startsWith('/api/audit')) return next.handle();
    const kind = req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'command';
    const routeCaseId = CASE_ROUTE.test(route) && typeof req.params.id === 'string' ? req.params.id : null;
    const entriesFor = (caseIds: string[], outcome: number): AccessAuditEntry[] =>
      caseIds.map((caseId) => ({
        principalId: principal.id,
        roles: principal.roles,
        organisation: principal.organisation,
        caseId,
        kind,
        action: `${req.method} ${route}`,
        outcome,
        requestId: typeof req.id === 'string' ? req.id : null,
      }));

    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(
          (async () => {
            const caseIds = routeCaseId ? [routeCaseId] : caseIdsIn(body);
            await this.write(entriesFor(caseIds, res.statusCode), kind, kind === 'read');
            return body;
          })(),
        ),
      ),
      catchError((error: unknown) => {
        if (!routeCaseId) return throwError(() => error);
        // Refused and failed attempts are recorded too: probing for cases is worth seeing.
        // The caller gets its error either way; no data is in it to withhold.
        return from(this.write(entriesFor([routeCaseId], statusOf(error)), kind, false)).pipe(
          mergeMap(() => throwError(() => error)),
        );
      }),
    );
  }

  private async write(entries: AccessAuditEntry[], kind: 'read' | 'command', failClosed: boolean): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.log.record(entries);
    } catch (e) {
      this.metrics.writeFailures.inc({ kind });
      this.logger.error({ err: { name: e instanceof Error ? e.name : 'unknown' }, action: entries[0].action }, 'access audit write failed');
      if (failClosed) {
        throw new ProblemException(503, 'audit-unavailable', 'Service unavailable', 'The access could not be recorded; try again shortly', undefined, {
          'Retry-After': '2',
        });
      }
    }
  }
}
