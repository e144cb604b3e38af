import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable, map } from 'rxjs';
import type { CommandResult } from '@iln/case-coordination';

/** What a case command endpoint returns (through `reply`): the result, what its answer adds, and for creations where. */
export class CommandReply<Extra extends object = object> {
  constructor(
    readonly result: CommandResult,
    readonly extra: Extra,
    readonly location?: string,
  ) {}
}

/** The answer of a case command endpoint; the interceptor turns it into headers and body. */
export function reply<Extra extends object = Record<never, never>>(result: CommandResult, extra?: Extra, location?: string): CommandReply<Extra> {
  return new CommandReply(result, extra ?? ({} as Extra), location);
}

/**
 * One place for what every case command answers: ETag (the case version), Event-Position
 * (pass it as Await-Position to read the write) and, for creations, Location; the body is
 * `{ caseId, version, ...extra }`. The status code is the route's (`@CaseCommand`). It
 * runs inside the idempotency interceptor, which stores headers and body as set here and
 * replays them without running it again.
 */
@Injectable()
export class CommandResultInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((answer: unknown) => {
        if (!(answer instanceof CommandReply)) throw new Error('a case command endpoint must return reply(result, ...)');
        const { result, extra, location } = answer as CommandReply;
        res.setHeader('ETag', `"${result.version}"`);
        if (result.position !== null) res.setHeader('Event-Position', result.position);
        if (location) res.setHeader('Location', location);
        return { caseId: result.caseId, version: result.version, ...extra };
      }),
    );
  }
}
