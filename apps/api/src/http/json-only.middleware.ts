import { NextFunction, Request, Response } from 'express';
import { sendProblem } from './send-problem';

/** 415 for a body that is not JSON, before anything reads it. */
export function jsonOnly(req: Request, res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && ['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is(['application/json', 'application/*+json'])) {
    sendProblem(res, 415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as application/json');
    return;
  }
  next();
}
