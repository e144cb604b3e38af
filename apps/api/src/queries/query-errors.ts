import { ProblemException } from '@iln/platform';
import { InvalidQueryParameter, ReadRefusal } from '@iln/case-coordination';
import { registerErrorMapper } from '../http/error-mapping';
import { validationProblem } from '../http/validation';

/** How the read side's refusals read over HTTP: each names its own problem type. */
export function mapQueryError(error: unknown): ProblemException | undefined {
  if (error instanceof ReadRefusal)
    return new ProblemException(error.status, error.code, error.title, error.message);
  if (error instanceof InvalidQueryParameter)
    return validationProblem([{ field: error.field, message: error.reason }]);
  return undefined;
}

let registered = false;
export function registerQueryErrors(): void {
  if (registered) return;
  registered = true;
  registerErrorMapper(mapQueryError);
}
