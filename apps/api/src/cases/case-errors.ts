import { ProblemException } from '@iln/platform';
import { CaseIsErased, CaseNotFound, ConcurrentModification, DomainError, FollowUpOutcomeInvalid, FollowUpOutcomeRequired, NothingToCorrect, NotPermitted, StaleVersion, UnknownReference } from '@iln/case-coordination';
import { registerErrorMapper } from '../http/error-mapping';

// Sub-resources named in the path: not finding one is a 404, like an unknown case.
const NOT_FOUND_CODES = new Set(['case-not-found', 'handover-not-found', 'input-not-found', 'concern-not-found', 'follow-up-not-found', 'action-not-found', 'goal-not-found', 'no-consent-override']);

/**
 * How the case commands' refusals read over HTTP. Unknown reference data is a 400
 * naming the field (the client sent a value that is not in GET /api/localities etc.),
 * not a 404: the URL's resource, the case, exists.
 */
export function mapCaseError(error: unknown): ProblemException | undefined {
  if (error instanceof CaseNotFound) return new ProblemException(404, error.code, 'Not found', 'No such case');
  if (error instanceof CaseIsErased) return caseErasedProblem(error.caseId, error.erasedAt);
  // What a check found is input the body lacked or got wrong for this kind of check: a 400 naming the field.
  if (error instanceof FollowUpOutcomeRequired || error instanceof FollowUpOutcomeInvalid) {
    return new ProblemException(400, 'validation', 'Invalid request', error.message, [{ field: 'outcome', message: error.message }]);
  }
  if (error instanceof NothingToCorrect) return new ProblemException(400, 'validation', 'Invalid request', error.message, [{ field: 'body', message: error.message }]);
  if (error instanceof DomainError) {
    if (NOT_FOUND_CODES.has(error.code)) return new ProblemException(404, error.code, 'Not found', error.message);
    return new ProblemException(409, error.code, 'Conflict', error.message);
  }
  if (error instanceof StaleVersion) {
    return new ProblemException(412, 'precondition-failed', 'Precondition failed', `The case is at version ${error.actual}; nothing was written`, undefined, {
      ETag: `"${error.actual}"`,
    });
  }
  if (error instanceof ConcurrentModification) {
    return new ProblemException(409, 'concurrent-modification', 'Conflict', 'The case kept changing while this command was applied; nothing was written, retry', undefined, {
      'Retry-After': '1',
    });
  }
  if (error instanceof UnknownReference) {
    return new ProblemException(400, 'validation', 'Invalid request', `${error.field} is not known`, [{ field: error.field, message: `no such ${error.what}` }]);
  }
  if (error instanceof NotPermitted) return new ProblemException(403, 'forbidden', 'Forbidden', error.reason);
  return undefined;
}

/** 410 `case-erased` with `{caseId, erasedAt}` (API.md "Records management"): nothing of the case is left to show. */
export function caseErasedProblem(caseId: string, erasedAt: string): ProblemException {
  const problem = new ProblemException(410, 'case-erased', 'Gone', 'The case was erased: its personal data was destroyed.');
  Object.assign(problem.getResponse() as object, { caseId, erasedAt });
  return problem;
}

let registered = false;
export function registerCaseErrors(): void {
  if (registered) return;
  registered = true;
  registerErrorMapper(mapCaseError);
}
