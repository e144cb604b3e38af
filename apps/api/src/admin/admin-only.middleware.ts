import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, ProblemException } from '@iln/platform';
import { hasRole } from '@iln/case-coordination';
import { TokenVerifier } from '../auth/token-verifier';

function send(res: Response, problem: ProblemException): void {
  res.status(problem.getStatus()).set({ ...problem.headers, 'Content-Type': PROBLEM_CONTENT_TYPE }).send(JSON.stringify(problem.toBody()));
}

/**
 * The queue dashboard is a plain Express router, outside Nest's guards and exception
 * filter, so it gets the same bearer-token check and problem+json answers here:
 * 401 without a valid token, 403 unless the token carries the `admin` role.
 */
export function adminOnly(verifier: TokenVerifier): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match) {
      send(res, new ProblemException(401, 'unauthenticated', 'Unauthorized', 'A bearer token is required', undefined, { 'WWW-Authenticate': 'Bearer' }));
      return;
    }
    verifier.verify(match[1]).then(
      (principal) => {
        if (hasRole(principal, 'admin')) next();
        else send(res, new ProblemException(403, 'forbidden', 'Forbidden', 'Only an admin may see the queues'));
      },
      () =>
        send(
          res,
          new ProblemException(401, 'invalid-token', 'Unauthorized', 'The bearer token is not valid', undefined, {
            'WWW-Authenticate': 'Bearer error="invalid_token"',
          }),
        ),
    );
  };
}
