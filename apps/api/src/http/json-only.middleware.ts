import { NextFunction, Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, problemType } from '@iln/platform';

/** 415 for a body that is not JSON, before anything reads it. */
export function jsonOnly(req: Request, res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && ['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is(['application/json', 'application/*+json'])) {
    res.status(415).type(PROBLEM_CONTENT_TYPE).send(
      JSON.stringify({ type: problemType('unsupported-media-type'), title: 'Unsupported media type', status: 415, detail: 'Send the body as application/json' }),
    );
    return;
  }
  next();
}
