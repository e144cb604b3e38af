import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { Observable, from, mergeMap } from 'rxjs';
import { CaseDisposal } from '@iln/case-coordination';
import { caseErasedProblem } from './case-errors';

const CASE_ROUTE = /^\/api\/cases\/:id(\/|$)/;

/**
 * Every read about an erased case answers 410 `case-erased {caseId, erasedAt}` (API.md
 * "Records management"): detail, `asAt`, timeline, notes, plan versions, whatever the
 * read models still hold while their projections catch up. After the roles check (a
 * caller whose role may not read cases keeps its 403). Commands get the same answer from
 * the decider, which refuses everything on an erased case; reads pay one indexed lookup.
 */
@Injectable()
export class ErasedCaseInterceptor implements NestInterceptor {
  constructor(private readonly disposal: CaseDisposal) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const route = (req.route as { path?: string } | undefined)?.path ?? '';
    const id = typeof req.params?.id === 'string' ? req.params.id : undefined;
    if (req.method !== 'GET' || !id || !CASE_ROUTE.test(route) || !/^[0-9a-f-]{36}$/i.test(id)) return next.handle();
    return from(this.disposal.erasedAt(id)).pipe(
      mergeMap((erasedAt) => {
        if (erasedAt) throw caseErasedProblem(id, erasedAt);
        return next.handle();
      }),
    );
  }
}
