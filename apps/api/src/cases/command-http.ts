import { ExecutionContext, HttpCode, ParseUUIDPipe, PipeTransform, UseInterceptors, applyDecorators, createParamDecorator } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ProblemException } from '@iln/platform';
import { CLOSED_CASE_COMMANDS, COMMAND_ROLES, type CaseEvent, type CaseEventType, type CommandMeta, type CommandResult } from '@iln/case-coordination';
import { Roles, type AuthenticatedRequest } from '../auth/decorators';
import { IdempotencyInterceptor, type IdempotentRequest } from '../http/idempotency.interceptor';
import { CommandResultInterceptor } from './command-result.interceptor';
import { validationProblem } from '../http/validation';
import { ApiProblems } from '../http/api-problems.decorator';


/** `"7"` (or a bare 7, or W/"7"): the version the caller last saw. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!m) {
    throw new ProblemException(400, 'invalid-if-match', 'Bad request', 'If-Match must be a case version in quotes, e.g. "7"', [
      { field: 'If-Match', message: 'must be a version such as "7"' },
    ]);
  }
  return Number(m[1]);
}

export function commandMeta(req: AuthenticatedRequest, ifMatch?: string): CommandMeta {
  return {
    actor: req.principal!,
    expectedVersion: parseIfMatch(ifMatch),
    correlationId: String((req as { id?: unknown }).id ?? ''),
    causationId: null,
    // Set by IdempotencyInterceptor when the request has an Idempotency-Key.
    idempotencyToken: (req as IdempotentRequest).idempotencyToken,
  };
}

// Endpoints return reply(result, extra, location); CommandResultInterceptor writes the answer.
export { reply } from './command-result.interceptor';

/** The data of the first event of a type the command produced (ids the decider generated). */
type EventData<K extends CaseEventType> = Extract<CaseEvent, { type: K }> extends { data: infer D } ? D : never;

export function produced<K extends CaseEventType>(result: CommandResult, type: K): EventData<K> {
  const event = result.events.find((e) => e.type === type);
  if (!event) throw new Error(`expected the command to produce ${type}`);
  return event.data as EventData<K>;
}

/** A UUID path parameter; anything else is a 400 naming the parameter. */
export function uuidParam(name: string): PipeTransform {
  return new ParseUUIDPipe({ exceptionFactory: () => validationProblem([{ field: name, message: `${name} must be a UUID` }]) });
}

/** A short id path parameter chosen by clients (goal, action, member ids). */
export const slugParam = (name: string): PipeTransform => ({
  transform(value: unknown) {
    if (typeof value === 'string' && /^[A-Za-z0-9._:@-]{1,100}$/.test(value)) return value;
    throw validationProblem([{ field: name, message: `${name} must be 1-100 letters, digits or ._:@-` }]);
  },
});

interface DocOptions {
  /** The operation's name in the OpenAPI document and the generated client; default: the command's (`openCase`). */
  operationId?: string;
  summary: string;
  /** The domain command it sends: its roles come from the one access policy (COMMAND_ROLES). */
  command: keyof typeof COMMAND_ROLES;
  created?: boolean;
  response: new () => object;
  conflicts?: string[];
  method?: 'POST' | 'PUT' | 'DELETE';
}

/**
 * One place for what every case command shares: roles, status code, the headers it
 * reads and writes, and its errors in the OpenAPI document.
 */
export function CaseCommand(o: DocOptions) {
  // `x-not-found (404)`: a sub-resource named in the path, answered as 404 (case-errors.ts).
  const listed = o.conflicts ?? [];
  const notFound = listed.filter((c) => c.endsWith(' (404)')).map((c) => c.slice(0, -' (404)'.length));
  // As decide() has it: a closed case refuses every command but those it lists; opening
  // makes a new case, so it can neither be closed nor missing (but may already exist).
  const opens = o.command === 'OpenCase';
  const closedRefuses = !opens && !CLOSED_CASE_COMMANDS.has(o.command);
  const conflicts = [...(closedRefuses ? ['case-closed'] : []), ...(opens ? ['case-already-exists'] : []), ...listed.filter((c) => !c.endsWith(' (404)'))];
  const operationId = o.operationId ?? o.command.charAt(0).toLowerCase() + o.command.slice(1);
  const isPost = (o.method ?? 'POST') === 'POST';
  const roles = [...COMMAND_ROLES[o.command]];
  const headers = {
    ETag: { description: 'the case version after the command, e.g. "7"', required: true, schema: { type: 'string' } },
    'Event-Position': { description: 'pass as Await-Position to read your write (absent when the command changed nothing)', schema: { type: 'string' } },
    ...(o.created ? { Location: { description: 'the created resource', required: true, schema: { type: 'string' } } } : {}),
  };
  return applyDecorators(
    Roles(...roles),
    HttpCode(o.created ? 201 : 200),
    // Outer to inner: the idempotency interceptor stores (and replays) what the result interceptor answers.
    UseInterceptors(...(isPost ? [IdempotencyInterceptor] : []), CommandResultInterceptor),
    ApiOperation({ operationId, summary: o.summary, description: `Roles: ${roles.join(', ')}. 409 types: ${conflicts.map((c) => `/problems/${c}`).join(', ')}.` }),
    ApiBearerAuth(),
    ApiHeader({ name: 'If-Match', required: false, description: 'the version last seen, e.g. "7"; 412 if stale' }),
    ...(isPost ? [ApiHeader({ name: 'Idempotency-Key', required: false, description: 'up to 200 characters; replays within 24 hours' })] : []),
    o.created ? ApiCreatedResponse({ type: o.response, headers }) : ApiOkResponse({ type: o.response, headers }),
    ApiProblems({
      400: { description: 'Invalid body, path parameter, If-Match or Idempotency-Key, or unknown reference data (errors list each field)', types: ['invalid-if-match', ...(isPost ? ['invalid-idempotency-key'] : [])] },
      401: true,
      403: true,
      ...(opens ? {} : { 404: ['case-not-found', ...notFound] }),
      409: [...conflicts, 'concurrent-modification'],
      412: true,
      413: true,
      415: true,
      ...(isPost ? { 422: true } : {}),
      429: true,
      503: true,
    }),
  );
}

/** The command's metadata from the request: the actor, If-Match, and the request id as correlation id. */
export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandMeta => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  const ifMatch = req.headers['if-match'];
  return commandMeta(req, Array.isArray(ifMatch) ? ifMatch.join(',') : ifMatch);
});
