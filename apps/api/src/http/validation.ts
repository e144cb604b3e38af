import { ValidationError, ValidationPipe } from '@nestjs/common';
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
