import type { NextFunction, Request, Response } from 'express';

/**
 * Case content must not outlive the screen it was read on: a shared workstation's browser
 * or a proxy would otherwise keep a safeguarding lead's unredacted copy for the next user
 * (API.md v1.1 "Caching"). Set once for every /api response, answers and errors alike,
 * so no new route can forget it.
 */
export function noStore(req: Request, res: Response, next: NextFunction): void {
  if (req.path === '/api' || req.path.startsWith('/api/'))
    res.setHeader('Cache-Control', 'no-store');
  next();
}
