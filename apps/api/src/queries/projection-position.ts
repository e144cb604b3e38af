import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { from, mergeMap, Observable, switchMap } from 'rxjs';
import type { ProjectionName } from '@iln/case-coordination';
import { AppConfig } from '@iln/platform';
import { AWAIT_LIMIT_MS, ReadPositions } from './read-positions.service';
import { ReplicaErasureGuard } from './replica-erasure-guard';

const CASE_ROUTE = /^\/api\/cases\/:id(\/|$)/;

const READS_PROJECTIONS = 'iln:reads-projections';

/**
 * Read-your-writes, once for every query route: before the route runs, waits for
 * `Await-Position` (if given) in the projections it reads, and answers with
 * `Projection-Position`, the position those read models are consistent up to. With a
 * read replica (DATABASE_READ_URL), the answer read there is then checked against the
 * primary's erasures (ReplicaErasureGuard).
 */
@Injectable()
export class ProjectionPositionInterceptor implements NestInterceptor {
  private readonly onReplica: boolean;

  constructor(
    private readonly reflector: Reflector,
    private readonly positions: ReadPositions,
    private readonly erasures: ReplicaErasureGuard,
    config: AppConfig,
  ) {
    this.onReplica = config.databaseReadUrl !== undefined;
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const projections = this.reflector.get<readonly ProjectionName[] | undefined>(
      READS_PROJECTIONS,
      ctx.getHandler(),
    );
    if (!projections) return next.handle();
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const header = req.headers['await-position'];
    const awaitPosition = Array.isArray(header) ? header.join(', ') : header;
    const answer = from(this.positions.positionFor(projections, awaitPosition)).pipe(
      switchMap((position) => {
        if (position !== null) res.setHeader('Projection-Position', position);
        return next.handle();
      }),
    );
    if (!this.onReplica) return answer;
    const route = (req.route as { path?: string } | undefined)?.path ?? '';
    const caseId = CASE_ROUTE.test(route) && typeof req.params?.id === 'string' ? req.params.id : undefined;
    return answer.pipe(mergeMap((body: unknown) => from(this.erasures.check(body, caseId))));
  }
}

/** The read models a query route answers from: it waits for them and reports their position. */
export function ReadsProjections(...projections: ProjectionName[]): MethodDecorator {
  return applyDecorators(
    SetMetadata(READS_PROJECTIONS, projections),
    UseInterceptors(ProjectionPositionInterceptor),
    ApiHeader({
      name: 'Await-Position',
      required: false,
      description: `Wait (up to ${AWAIT_LIMIT_MS / 1000} s) until the read models have processed this Event-Position`,
    }),
  );
}

/** The answer's headers of a route with @ReadsProjections, for its @ApiOkResponse. */
export const PROJECTION_POSITION_HEADER = {
  'Projection-Position': {
    description:
      'The position the read models of this answer are consistent up to (absent before they have applied any event)',
    schema: { type: 'string' },
  },
} as const;
