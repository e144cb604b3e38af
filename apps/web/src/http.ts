import type { Request, RequestHandler, Response } from 'express';

/** A page's own error (404 and the like), rendered by the error handler. */
export class PageError extends Error {
  constructor(readonly status: number) {
    super(`page ${status}`);
  }
}

/** Async route handlers, their failures to the error handler. */
export const handle =
  (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req, res, next) => {
    fn(req, res).catch(next);
  };
