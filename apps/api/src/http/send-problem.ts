import type { Response } from 'express';
import { PROBLEM_CONTENT_TYPE, ProblemBody, problemType } from '@iln/platform';

/**
 * For Express middleware that answers before Nest's exception filter can: the same
 * problem+json shape the filter sends.
 */
export function sendProblem(res: Response, status: number, code: string, title: string, detail: string): void {
  const body: ProblemBody = { type: problemType(code), title, status, detail };
  res.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}
