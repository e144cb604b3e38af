import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import { RedisStore } from 'connect-redis';
import { csrfSync } from 'csrf-sync';
import helmet from 'helmet';
import Redis from 'ioredis';
import nunjucks from 'nunjucks';
import type { Principal } from '@iln/case-coordination/access/principal';
import { redisOptionsFrom } from '@iln/platform/config/redis-config';
import { ApiProblem, ApiUnavailable, apiFor } from './api';
import type { WebConfig } from './config';
import { formatDate, formatDateTime, formatTime, words } from './format';
import { findPersona, PERSONAS } from './personas';
import { registerPages } from './pages';
import { registerCarePlanPages, registerCasePages } from './case-pages';
import { registerTeamPages } from './team-pages';
import { registerSafeguardingPages } from './safeguarding-pages';
import { registerInputsPages } from './inputs-pages';
import { registerAuditPages } from './audit-pages';
import { registerDashboardPages } from './dashboard-pages';
import { queuesCsrf, registerQueuesProxy } from './admin-queues';
import { oidcSignIn, type OidcSignIn } from './oidc';
import { handle, PageError } from './http';

export interface SessionUser extends Principal {
  label: string;
}

declare module 'express-session' {
  interface SessionData {
    user: SessionUser;
    token: string;
    returnTo: string;
    /** The Event-Position of the user's last command: Await-Position on their next read. */
    position: string;
    oidc: { state: string; codeVerifier: string; nonce: string; returnTo: string };
  }
}

/** The repository root (views and static files), from apps/web/src or from dist/apps/web/src. */
function findRoot(): string {
  let dir = __dirname;
  while (dir !== dirname(dir)) {
    if (existsSync(join(dir, 'apps', 'web', 'views')) && existsSync(join(dir, 'node_modules', 'govuk-frontend'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('apps/web/views not found above ' + __dirname);
}

/** connect-redis 10 speaks node-redis; the project's Redis client is ioredis. */
function sessionClient(redis: Redis): unknown {
  return {
    get: (k: string) => redis.get(k),
    set: (k: string, v: string, o?: { expiration?: { value: number } }) => (o?.expiration ? redis.set(k, v, 'EX', o.expiration.value) : redis.set(k, v)),
    expire: (k: string, s: number) => redis.expire(k, s),
    del: (keys: string | string[]) => redis.del(...(Array.isArray(keys) ? keys : [keys])),
    mGet: (keys: string[]) => redis.mget(...keys),
    async *scanIterator(o: { MATCH: string; COUNT: number }) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', o.MATCH, 'COUNT', o.COUNT);
        cursor = next;
        yield keys;
      } while (cursor !== '0');
    },
  };
}

export interface Web {
  app: express.Express;
  close(): Promise<void>;
}

export function createWebApp(config: WebConfig): Web {
  const root = findRoot();
  const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist');
  const app = express();
  app.disable('x-powered-by');
  if (config.production) app.set('trust proxy', 1);

  const env = nunjucks.configure([join(root, 'apps', 'web', 'views'), govuk], { autoescape: true, express: app, noCache: !config.production });
  env.addFilter('date', formatDate);
  env.addFilter('time', formatTime);
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('words', words);
  app.set('view engine', 'njk');

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          ...(config.production ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      hsts: config.production,
    }),
  );
  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const statics = { immutable: config.production, maxAge: config.production ? '1d' : 0 };
  app.use('/govuk', express.static(join(govuk, 'govuk'), { ...statics, index: false }));
  app.use('/assets', express.static(join(govuk, 'govuk', 'assets'), statics));
  app.use('/public', express.static(join(root, 'apps', 'web', 'public'), statics));
  app.use(express.urlencoded({ extended: true, limit: '200kb' }));

  // Through Sentinel when REDIS_SENTINELS is set, as the API and worker.
  const redis = new Redis({ ...redisOptionsFrom(config), maxRetriesPerRequest: 2, lazyConnect: false });
  redis.on('error', () => undefined);
  app.use(
    session({
      name: 'iln.sid',
      store: new RedisStore({ client: sessionClient(redis), prefix: config.sessionPrefix, ttl: 8 * 3600 }),
      secret: config.sessionSecret,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.production, maxAge: 8 * 3600 * 1000 },
    }),
  );
  app.use((req, res, next) => {
    // A page with case content is never kept by the browser or a proxy.
    res.setHeader('Cache-Control', 'no-store');
    if (!req.session) return next(new ApiUnavailable('session store unavailable'));
    next();
  });

  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => (req.body as Record<string, string> | undefined)?._csrf,
  });
  app.use(queuesCsrf(csrfSynchronisedProtection));

  app.use((req, res, next) => {
    res.locals.csrfToken = generateToken(req);
    const user = req.session.user;
    res.locals.user = user;
    if (user) {
      const has = (...roles: string[]) => user.roles.some((r) => roles.includes(r));
      const nav = [{ href: '/', text: 'My work' }];
      if (has('practitioner', 'team-manager', 'safeguarding-lead', 'partner', 'auditor', 'front-door')) nav.push({ href: '/cases', text: 'Cases' });
      if (has('practitioner', 'team-manager', 'safeguarding-lead', 'front-door')) nav.push({ href: '/cases/new', text: 'Open a case' });
      if (has('team-manager')) nav.push({ href: '/team', text: 'Team' });
      if (has('safeguarding-lead', 'team-manager')) nav.push({ href: '/safeguarding', text: 'Safeguarding' });
      if (has('partner', 'team-manager')) nav.push({ href: '/inputs', text: 'Specialist input' });
      if (has('team-manager', 'auditor')) nav.push({ href: '/dashboard', text: 'Dashboard' });
      if (has('auditor')) nav.push({ href: '/audit', text: 'Access audit' });
      if (has('admin')) nav.push({ href: '/admin/queues', text: 'Queues' });
      res.locals.navItems = nav.map((n) => ({ ...n, active: n.href === '/' ? req.path === '/' : req.path === n.href }));
      res.locals.accountHtml = `<ul class="govuk-service-navigation__list"><li class="govuk-service-navigation__item"><span class="govuk-body-s govuk-!-margin-0">${escapeHtml(user.label)}</span></li><li class="govuk-service-navigation__item"><form method="post" action="/sign-out" class="app-inline-form"><input type="hidden" name="_csrf" value="${escapeHtml(res.locals.csrfToken as string)}"><button class="govuk-service-navigation__link app-link-button" type="submit">Sign out</button></form></li></ul>`;
    }
    next();
  });

  // Signing in and out.
  let oidc: Promise<OidcSignIn> | null = null;
  const oidcClient = () => (oidc ??= oidcSignIn(config).catch((e: unknown) => {
    oidc = null;
    throw e;
  }));
  // Back only to a page of this app: a path, never `//host` or `/\\host` (browsers read both as another site).
  const safeReturn = (v: unknown) => (typeof v === 'string' && /^\/(?![/\\])/.test(v) && !v.startsWith('/sign-') ? v : '/');

  app.get(
    '/sign-in',
    handle(async (req, res) => {
      if (config.authMode === 'oidc') {
        const { url, state } = await (await oidcClient()).start();
        req.session.oidc = { ...state, returnTo: safeReturn(req.session.returnTo) };
        await saveSession(req);
        return res.redirect(url);
      }
      res.render('sign-in', { pageTitle: 'Sign in', personas: PERSONAS });
    }),
  );
  app.post(
    '/sign-in',
    handle(async (req, res) => {
      if (config.authMode !== 'dev') throw new PageError(404);
      const persona = findPersona((req.body as Record<string, unknown>).persona);
      if (!persona) {
        res.status(400);
        return res.render('sign-in', { pageTitle: 'Sign in', personas: PERSONAS, errorList: [{ text: 'Choose who to sign in as', href: '#personas' }] });
      }
      const { label: _label, ...claims } = persona;
      const response = await fetch(`${config.apiUrl}/api/auth/dev-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sub: claims.id, name: claims.name, roles: claims.roles, organisation: claims.organisation, teams: claims.teams, localities: claims.localities }),
      }).catch(() => null);
      if (!response?.ok) throw new ApiUnavailable('dev token refused');
      const { accessToken } = (await response.json()) as { accessToken: string };
      const returnTo = safeReturn(req.session.returnTo);
      await regenerate(req);
      req.session.user = persona;
      req.session.token = accessToken;
      res.redirect(303, returnTo);
    }),
  );
  app.get(
    '/sign-in/callback',
    handle(async (req, res) => {
      const pending = req.session.oidc;
      if (config.authMode !== 'oidc' || !pending) throw new PageError(404);
      const signedIn = await (await oidcClient()).finish(new URL(req.originalUrl, config.publicUrl), pending);
      await regenerate(req);
      req.session.user = signedIn.user;
      req.session.token = signedIn.accessToken;
      res.redirect(303, pending.returnTo);
    }),
  );
  app.get('/sign-out', (req, res) => {
    res.render('sign-out', { pageTitle: 'Sign out' });
  });
  app.post('/sign-out', (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie('iln.sid');
      res.redirect(303, '/signed-out');
    });
  });
  app.get('/signed-out', (_req, res) => {
    res.locals.user = undefined;
    res.render('signed-out', { pageTitle: 'You have signed out' });
  });

  // Everything else needs a signed-in user: back to where they were going after.
  app.use((req, res, next) => {
    if (req.session.user && req.session.token) return next();
    if (req.method === 'GET') req.session.returnTo = req.originalUrl;
    res.redirect(303, '/sign-in');
  });

  // The API for this request's user, awaiting their last write once.
  app.use((req, res, next) => {
    const position = req.method === 'GET' ? req.session.position : undefined;
    if (position) delete req.session.position;
    res.locals.api = apiFor(config.apiUrl, req.session.token, position);
    next();
  });

  registerPages(app);
  registerCarePlanPages(app);
  registerCasePages(app);
  registerTeamPages(app);
  registerSafeguardingPages(app);
  registerInputsPages(app);
  registerAuditPages(app);
  registerDashboardPages(app);
  registerQueuesProxy(app, config.apiUrl);

  app.use((_req, _res, next) => next(new PageError(404)));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ApiProblem && err.status === 401) {
      // The token expired or was refused: sign in again and come back.
      req.session.user = undefined;
      req.session.token = undefined;
      if (req.method === 'GET') req.session.returnTo = req.originalUrl;
      return res.redirect(303, '/sign-in');
    }
    const status = err instanceof PageError ? err.status : err instanceof ApiProblem ? err.status : (err as { code?: string }).code === 'EBADCSRFTOKEN' ? 403 : 503;
    if (status === 404 || status === 403 && err instanceof ApiProblem) {
      res.status(404);
      return res.render('not-found', { pageTitle: 'Page not found' });
    }
    if (status === 403) {
      res.status(403);
      return res.render('problem', { pageTitle: 'Your form could not be sent', heading: 'Your form could not be sent', body: 'The page had expired. Go back, reload the page and try again.' });
    }
    if (err instanceof ApiProblem && err.status === 410 && err.problem.type?.endsWith('case-erased')) {
      // The case's personal data was destroyed (records management): say so, with when, and nothing else.
      res.status(410);
      return res.render('case-erased', { pageTitle: 'This case has been erased', erasedOn: formatDate(err.problem.erasedAt) });
    }
    if (err instanceof ApiProblem) {
      res.status(err.status);
      return res.render('problem', { pageTitle: err.problem.title ?? 'There is a problem', heading: err.problem.title ?? 'There is a problem', body: err.problem.detail ?? '' });
    }
    res.status(503);
    res.render('unavailable', { pageTitle: 'Sorry, there is a problem with the service' });
  });

  return {
    app,
    async close() {
      redis.disconnect();
    },
  };
}

function regenerate(req: Request): Promise<void> {
  return new Promise((ok, fail) => req.session.regenerate((e) => (e ? fail(e) : ok())));
}
function saveSession(req: Request): Promise<void> {
  return new Promise((ok, fail) => req.session.save((e) => (e ? fail(e) : ok())));
}

export const viewsRoot = (): string => resolve(findRoot(), 'apps', 'web', 'views');

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
