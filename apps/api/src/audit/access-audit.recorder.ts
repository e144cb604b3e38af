import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ProblemException } from '@iln/platform';
import { AccessAuditEntry, AccessAuditLog, Principal } from '@iln/case-coordination';
import type { AuthenticatedRequest } from '../auth/decorators';
import { AuditMetrics } from './audit-metrics';

const CASE_ROUTE = /^\/api\/cases\/:id(\/|$)/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A client's X-Request-Id is kept only in this shape; anything else could smuggle text into the audit. */
export const AUDITABLE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The route template, e.g. `/api/cases/:id/notes`: never the ids or the query string. */
export function routeOf(req: AuthenticatedRequest): string | undefined {
  return (req.route as { path?: string } | undefined)?.path;
}

/**
 * The case a request's route names, if it names one. Only a UUID is kept: on a refused
 * or malformed request the path is whatever the client typed, perhaps a name.
 */
export function routeCaseId(req: AuthenticatedRequest): string | null {
  const route = routeOf(req);
  const id = req.params?.id;
  return route && CASE_ROUTE.test(route) && typeof id === 'string' && UUID.test(id)
    ? id.toLowerCase()
    : null;
}

const SERVER_REQUEST_IDS = new WeakMap<object, string>();

/** The request id the audit stores: the one logged for the request if well-formed, else one made here (once per request). */
export function auditRequestId(req: AuthenticatedRequest): string {
  if (typeof req.id === 'string' && AUDITABLE_REQUEST_ID.test(req.id)) return req.id;
  let made = SERVER_REQUEST_IDS.get(req);
  if (!made) {
    made = randomUUID();
    SERVER_REQUEST_IDS.set(req, made);
  }
  return made;
}

/**
 * Writes access audit rows: ids, roles, the route template and the outcome. A read
 * whose row cannot be written fails closed (503); anything else is logged (ids only)
 * and counted so the gap is not silent.
 */
@Injectable()
export class AccessAuditRecorder {
  private readonly logger = new Logger('AccessAudit');

  constructor(
    private readonly log: AccessAuditLog,
    private readonly metrics: AuditMetrics,
  ) {}

  entries(
    req: AuthenticatedRequest,
    principal: Principal | undefined,
    caseIds: Array<string | null>,
    outcome: number,
  ): AccessAuditEntry[] {
    const kind = kindOf(req);
    const requestId = auditRequestId(req);
    return caseIds.map((caseId) => ({
      principalId: principal?.id ?? null,
      roles: principal?.roles ?? [],
      organisation: principal?.organisation ?? null,
      caseId,
      kind,
      action: `${req.method} ${routeOf(req) ?? '(unmatched)'}`,
      outcome,
      requestId,
    }));
  }

  /**
   * A refused request (401, 403, or any failure on a case route): probing for cases,
   * or for what a token may do, is worth seeing. Never blocks the refusal itself.
   */
  async refused(
    req: AuthenticatedRequest,
    principal: Principal | undefined,
    outcome: number,
  ): Promise<void> {
    await this.write(this.entries(req, principal, [routeCaseId(req)], outcome), false);
  }

  async write(entries: AccessAuditEntry[], failClosed: boolean): Promise<void> {
    if (entries.length === 0) return;
    const kind = entries[0].kind;
    try {
      await this.log.record(entries);
    } catch (e) {
      this.metrics.writeFailures.inc({ kind });
      this.logger.error(
        { err: { name: e instanceof Error ? e.name : 'unknown' }, action: entries[0].action },
        'access audit write failed',
      );
      if (failClosed) {
        throw new ProblemException(
          503,
          'audit-unavailable',
          'Service unavailable',
          'The access could not be recorded; try again shortly',
          undefined,
          {
            'Retry-After': '2',
          },
        );
      }
    }
  }
}

export function kindOf(req: AuthenticatedRequest): 'read' | 'command' {
  return req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'command';
}
