import { HttpException } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, as every error leaves the API. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(code: string): string {
  return `/problems/${code}`;
}

/**
 * Thrown anywhere in the HTTP layer for a client-facing failure with a stable code.
 * `detail` must never carry personal data.
 */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super({ type: problemType(code), title, status, detail, ...(errors ? { errors } : {}) }, status);
  }

  toBody(): ProblemBody {
    return this.getResponse() as ProblemBody;
  }
}
