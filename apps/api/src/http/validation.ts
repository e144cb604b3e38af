import { PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ProblemException } from '@iln/platform';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? (/^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

export function validationProblem(errors: FieldError[]): ProblemException {
  return new ProblemException(400, 'validation', 'Invalid request', `${errors.length} field(s) failed validation`, errors);
}

/**
 * Unknown fields are rejected, not ignored (API.md), and every bad field is listed.
 * Messages name the field and the rule, never echo the value (it may be personal data).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(flatten(errors)),
  });
}

/** Largest value of a PostgreSQL integer: bigger numbers in a path overflowed the query (500). */
export const MAX_INT4 = 2_147_483_647;

/** A whole-number path parameter from `min` to `max`; anything else is a 400 naming it. */
export function wholeNumberParam(name: string, min = 1, max = MAX_INT4): PipeTransform<unknown, number> {
  return {
    transform(value: unknown): number {
      // The global pipe may already have made the text a number (transform: true).
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : NaN;
      if (Number.isInteger(n) && n >= min && n <= max) return n;
      throw validationProblem([{ field: name, message: `${name} must be a whole number from ${min} to ${max}` }]);
    },
  };
}
