import type { NextFunction, Request, Response } from 'express';
import { sendProblem } from './send-problem';

/**
 * Errors from the JSON body parser, answered where they happen with their own problem
 * types: by the time they reached Nest they had become a plain 400 and a client could
 * not tell a truncated body from an invalid field.
 */
export function answerBodyErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const type = (err as { type?: string } | undefined)?.type;
  if (type === 'entity.parse.failed') return sendProblem(res, 400, 'malformed-json', 'Bad request', 'The body is not valid JSON');
  if (type === 'entity.too.large') return sendProblem(res, 413, 'payload-too-large', 'Payload too large', 'The body is over 256 KiB');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return sendProblem(res, 415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as UTF-8 JSON');
  }
  next(err);
}
