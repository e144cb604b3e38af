import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '@iln/platform';

export class FieldErrorDto {
  @ApiProperty({ example: 'resident.dateOfBirth' }) field!: string;
  @ApiProperty() message!: string;
}

/** RFC 9457 problem details: the body of every 4xx and 5xx the API gives. */
export class ProblemDto {
  @ApiProperty({ example: '/problems/case-closed', description: 'stable: /problems/<code>' })
  type!: string;
  @ApiProperty() title!: string;
  @ApiProperty() status!: number;
  @ApiProperty({ description: 'for people; never personal data' }) detail!: string;
  @ApiPropertyOptional({
    type: [FieldErrorDto],
    description: 'one entry per field at fault (400 validation)',
  })
  errors?: FieldErrorDto[];
}

/**
 * The problem types each status can carry, whatever the operation (the codes thrown as
 * ProblemException in apps/api, the guards and the body middleware). 409 has no default:
 * each operation names its own.
 */
const TYPES: Record<ProblemStatus, readonly string[]> = {
  400: ['validation', 'malformed-json', 'unstorable-text'],
  401: ['unauthenticated', 'invalid-token'],
  403: ['forbidden'],
  404: ['not-found'],
  409: [],
  412: ['precondition-failed'],
  413: ['payload-too-large'],
  415: ['unsupported-media-type'],
  422: ['idempotency-key-reused'],
  429: ['rate-limited'],
  503: ['dependency-unavailable', 'timeout'],
};

const TITLES: Record<ProblemStatus, string> = {
  400: 'Bad request',
  401: 'Unauthorized: no bearer token, or one that is not valid (expired, wrong signer or audience)',
  403: 'Forbidden: your role or relationship to the case does not allow this',
  404: 'Not found (or not visible to you)',
  409: 'Conflict: a business rule refused the request; nothing was written',
  412: 'Precondition failed: If-Match did not match the current version; ETag carries it',
  413: 'The body is over 256 KiB',
  415: 'The body is not UTF-8 application/json',
  422: 'Idempotency-Key reused with another body',
  429: 'Too many requests; Retry-After says when to try again',
  503: 'A dependency is unavailable or the request took too long; Retry-After says when to try again',
};

/** Headers some problems always carry (the filter sets them from ProblemException.headers). */
const HEADERS: Partial<
  Record<
    ProblemStatus,
    Record<string, { description: string; required: true; schema: { type: 'string' } }>
  >
> = {
  401: {
    'WWW-Authenticate': {
      description: 'Bearer, with error="invalid_token" for a token that is not valid',
      required: true,
      schema: { type: 'string' },
    },
  },
  412: {
    ETag: {
      description: 'the current version of the case, e.g. "7"',
      required: true,
      schema: { type: 'string' },
    },
  },
  429: {
    'Retry-After': { description: 'seconds to wait', required: true, schema: { type: 'string' } },
  },
  503: {
    'Retry-After': { description: 'seconds to wait', required: true, schema: { type: 'string' } },
  },
};

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429 | 503;

/**
 * Which problems an operation can answer with. `true` documents the status with its
 * usual types; a string[] adds the operation's own types (409 needs them: the domain
 * errors the command can raise; a 404's replace the generic not-found); an object can
 * also replace the description's first sentence.
 */
export type ProblemSpec = Partial<
  Record<
    ProblemStatus,
    true | readonly string[] | { description?: string; types?: readonly string[] }
  >
>;

/** The problem types an operation documents for a status, e.g. for tests and the validator. */
export function problemTypes(status: ProblemStatus, own: readonly string[] = []): string[] {
  // What is missing is specific to the route (case-not-found, locality-not-found): its own
  // 404 types replace the generic one. Other statuses add to the usual types.
  if (status === 404 && own.length > 0) return [...new Set(own)];
  return [...new Set([...TYPES[status], ...own])];
}

/**
 * Documents problem+json answers in the OpenAPI document, one per status, each listing
 * the `type`s it can carry:
 *
 *   @ApiProblems({ 400: true, 401: true, 404: ['locality-not-found'], 409: ['case-closed'], 429: true, 503: true })
 */
export function ApiProblems(spec: ProblemSpec) {
  const decorators = (Object.keys(spec) as unknown as string[])
    .map(Number)
    .sort((a, b) => a - b)
    .map((status) => {
      const s = status as ProblemStatus;
      const value = spec[s]!;
      const own =
        value === true
          ? []
          : Array.isArray(value)
            ? (value as readonly string[])
            : ((value as { types?: readonly string[] }).types ?? []);
      const lead =
        typeof value === 'object' &&
        !Array.isArray(value) &&
        (value as { description?: string }).description;
      const types = problemTypes(s, own);
      return ApiResponse({
        status: s,
        description: `${lead || TITLES[s]}. Types: ${types.map((t) => `/problems/${t}`).join(', ')}.`,
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
        ...(HEADERS[s] ? { headers: HEADERS[s] } : {}),
      });
    });
  return applyDecorators(ApiExtraModels(ProblemDto), ...decorators);
}

/**
 * What every signed-in read can answer: 400 for a bad parameter, 401, 403 (role), 429,
 * 503. Operations with a path id add `404: true` (or their own types).
 */
export const READ_PROBLEMS: ProblemSpec = { 400: true, 401: true, 403: true, 429: true, 503: true };

/**
 * A query of the read models: READ_PROBLEMS, with Await-Position's own answers (400
 * invalid-await-position; 503 projections-behind when the read models do not reach it in
 * time) and any 404 types of the route's path ids:
 *
 *   @ApiProblems(queryProblems({ 404: ['case-not-found', 'care-plan-version-not-found'] }))
 */
export function queryProblems(extra: ProblemSpec = {}): ProblemSpec {
  return {
    ...READ_PROBLEMS,
    400: ['invalid-await-position'],
    503: ['projections-behind'],
    ...extra,
  };
}
