import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { ApiUnavailable } from './api';
import { handle, PageError } from './http';

/** Where the API mounts bull-board; the web app serves it at the same path. */
export const QUEUES_PATH = '/admin/queues';
const PASSED_BACK = ['content-type', 'location', 'etag', 'last-modified'];
const MAX_BODY = 64 * 1024;

/**
 * bull-board's own pages send their actions (retry, clean, pause) as fetch PUTs without our
 * CSRF token. The session cookie is SameSite=Lax, so no other site's request carries it;
 * on top, a change to the queues must come from this origin (Origin or Sec-Fetch-Site).
 */
export function queuesCsrf(csrf: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith(`${QUEUES_PATH}/`) && req.path !== QUEUES_PATH) return csrf(req, res, next);
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
    const origin = req.get('origin');
    const sameOrigin = origin ? origin === `${req.protocol}://${req.get('host')}` : req.get('sec-fetch-site') === 'same-origin';
    if (!sameOrigin) return next(Object.assign(new Error('cross-site change to the queues'), { code: 'EBADCSRFTOKEN' }));
    next();
  };
}

function rawBody(req: Request): Promise<Buffer | undefined> {
  if (['GET', 'HEAD'].includes(req.method)) return Promise.resolve(undefined);
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) fail(new PageError(413));
      else chunks.push(c);
    });
    req.on('end', () => ok(chunks.length ? Buffer.concat(chunks) : undefined));
    req.on('error', fail);
  });
}

/**
 * `/admin/queues` (issue 15): the API's queue dashboard, for admins, through the web session.
 * The web app forwards the request with the session's bearer token (which never reaches the
 * browser); the API still checks the admin role itself. Everyone else: "Page not found".
 */
export function registerQueuesProxy(app: Express, apiUrl: string): void {
  app.use(
    QUEUES_PATH,
    handle(async (req, res) => {
      if (!req.session.user!.roles.includes('admin')) throw new PageError(404);
      const body = await rawBody(req);
      const headers: Record<string, string> = { authorization: `Bearer ${req.session.token}`, accept: req.get('accept') ?? '*/*' };
      const type = req.get('content-type');
      if (type && body) headers['content-type'] = type;
      const answer = await fetch(`${apiUrl}${req.originalUrl}`, { method: req.method, headers, body, redirect: 'manual' }).catch(() => null);
      if (!answer || answer.status >= 500) throw new ApiUnavailable('queue dashboard unavailable');
      if (answer.status === 401 || answer.status === 403) throw new PageError(404);
      res.status(answer.status);
      for (const h of PASSED_BACK) {
        const v = answer.headers.get(h);
        if (v) res.setHeader(h, v);
      }
      if ((answer.headers.get('content-type') ?? '').startsWith('text/html')) {
        // bull-board's page: its own scripts only (no inline script), its inline styles and fonts.
        res.setHeader(
          'Content-Security-Policy',
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; font-src 'self' data: https://fonts.gstatic.com; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
        );
      }
      res.send(Buffer.from(await answer.arrayBuffer()));
    }),
  );
}
