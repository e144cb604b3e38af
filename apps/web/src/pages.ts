import type { Express, Request, Response } from 'express';
import type { ApiClient } from '@iln/api-client';
import { LOCALITIES } from '@iln/case-coordination/seed/reference-data.seed';
import { answer, ApiProblem, ApiUnavailable } from './api';
import { handle } from './http';
import { fieldErrors } from './errors';
import { dateFromParts } from './format';
import { ALL_PRACTITIONERS } from './personas';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
export const apiOf = (res: Response): ApiClient => res.locals.api as ApiClient;
const has = (req: Request, ...roles: string[]) => !!req.session.user?.roles.some((r) => roles.includes(r));
const q = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

const SOURCES: Array<[string, string]> = [
  ['thurrock-first', 'Thurrock First'],
  ['talking-shop', 'A Talking Shop'],
  ['community-hub', 'A community hub'],
  ['gp', 'Their GP'],
  ['hospital', 'Hospital'],
  ['self', 'They came themselves'],
  ['family', 'Family or a friend'],
  ['professional', 'Another professional'],
  ['police', 'Police'],
  ['housing', 'Housing'],
];
/** A 503 keeps the form: its answers stay, with this summary above them (UI.md). */
export const UNAVAILABLE = (firstField: string) => ({
  errorTitle: 'Sorry, there is a problem with the service',
  errorList: [{ text: 'Nothing was saved. Your answers are kept: try again later.', href: `#${firstField}` }],
});
export const localityName = (id: string) => LOCALITIES.find((l) => l.id === id)?.name ?? id;

const WORK_KIND: Record<string, string> = {
  handover: 'Hand-over waiting for you',
  'specialist-input': 'Input your service must answer',
};

/** My work's order (UI.md): escalated, then overdue, then the rest; each by when due. */
export function orderWork<T extends { escalated?: boolean; overdue?: boolean; dueAt?: string | null }>(items: T[]): T[] {
  const rank = (i: T) => (i.escalated ? 0 : i.overdue ? 1 : 2);
  return [...items].sort((a, b) => rank(a) - rank(b) || String(a.dueAt ?? '').localeCompare(String(b.dueAt ?? '')));
}

/** GOV.UK pagination items for a page of results. */
export function pagination(page: number, pageSize: number, total: number, hrefFor: (n: number) => string): any {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return {
    previous: page > 1 ? { href: hrefFor(page - 1) } : undefined,
    next: page < pages ? { href: hrefFor(page + 1) } : undefined,
    items: Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: hrefFor(i + 1), current: i + 1 === page })),
  };
}

export function registerPages(app: Express): void {
  app.get(
    '/',
    handle(async (req, res) => {
      if (!has(req, 'practitioner', 'team-manager', 'safeguarding-lead', 'partner')) {
        return res.render('my-work', { pageTitle: 'My work', items: null, mayFind: has(req, 'front-door', 'auditor') });
      }
      const { data } = await answer<Page<any>>(apiOf(res).GET('/api/worklist', { params: { query: { pageSize: 100 } as any } }));
      const items = orderWork(data.items);
      res.render('my-work', {
        pageTitle: 'My work',
        items: items.map((i) => ({
          ...i,
          what: i.kind === 'follow-up' ? String(i.followUpKind ?? '').replace(/-/g, ' ').replace(/^./, (c: string) => c.toUpperCase()) : WORK_KIND[i.kind] ?? i.kind,
        })),
        total: data.total,
      });
    }),
  );

  app.get(
    '/cases',
    handle(async (req, res) => {
      const page = Math.max(1, Number.parseInt(q(req.query.page), 10) || 1);
      const filters = {
        q: q(req.query.q),
        localityId: LOCALITIES.some((l) => l.id === q(req.query.localityId)) ? q(req.query.localityId) : '',
        status: ['open', 'closed'].includes(q(req.query.status)) ? q(req.query.status) : '',
        coordinatorId: ALL_PRACTITIONERS.some((p) => p.id === q(req.query.coordinatorId)) ? q(req.query.coordinatorId) : '',
        safeguarding: ['true', 'false'].includes(q(req.query.safeguarding)) ? q(req.query.safeguarding) : '',
      };
      const query: Record<string, unknown> = { page, pageSize: 20 };
      for (const [k, v] of Object.entries(filters)) if (v) query[k] = k === 'safeguarding' ? v === 'true' : v;
      const { data } = await answer<Page<any>>(apiOf(res).GET('/api/cases', { params: { query: query as any } }));
      const href = (n: number) => `/cases?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), page: String(n) })}`;
      res.render('cases', {
        pageTitle: 'Cases',
        filters,
        items: data.items.map((c) => ({ ...c, localityName: localityName(c.localityId) })),
        total: data.total,
        pagination: pagination(page, 20, data.total, href),
        localities: LOCALITIES,
        coordinators: ALL_PRACTITIONERS,
        // The front door finds summary rows only: no case page to link to.
        mayOpen: has(req, 'practitioner', 'team-manager', 'safeguarding-lead', 'partner', 'auditor'),
      });
    }),
  );

  const NEW_FIELDS: Record<string, string> = {
    'resident.givenName': 'givenName',
    'resident.familyName': 'familyName',
    'resident.dateOfBirth': 'dateOfBirth',
    'resident.nhsNumber': 'nhsNumber',
    'resident.postcode': 'postcode',
    localityId: 'localityId',
    source: 'source',
    reason: 'reason',
    whatMatters: 'whatMatters',
  };
  // The API names the field; the words are the service's own (GOV.UK error messages).
  const NEW_MESSAGES: Record<string, string> = {
    givenName: 'Enter their given name (up to 100 characters)',
    familyName: 'Enter their family name (up to 100 characters)',
    dateOfBirth: 'Date of birth must be a real date in the past',
    nhsNumber: 'Enter a valid 10 digit NHS number, like 943 476 5919',
    postcode: 'Enter a real postcode, like RM17 6XX',
    localityId: 'Choose a locality',
    source: 'Choose how they came to us',
    reason: 'Enter the reason (up to 2000 characters)',
    whatMatters: 'What matters to them must be 4000 characters or fewer',
  };
  const newCaseView = (values: Record<string, string>, extra: Record<string, unknown> = {}) => ({
    pageTitle: 'Open a case',
    values,
    localities: LOCALITIES,
    sources: SOURCES,
    errors: {},
    ...extra,
  });
  app.get('/cases/new', (req, res) => {
    res.render('new-case', newCaseView({}));
  });
  app.post(
    '/cases/new',
    handle(async (req, res) => {
      const b = req.body as Record<string, unknown>;
      const values: Record<string, string> = {};
      for (const k of ['givenName', 'familyName', 'nhsNumber', 'postcode', 'localityId', 'source', 'reason', 'whatMatters']) values[k] = q(b[k]);
      values.dobDay = q(b['dob-day']);
      values.dobMonth = q(b['dob-month']);
      values.dobYear = q(b['dob-year']);
      const dob = dateFromParts(values.dobDay, values.dobMonth, values.dobYear);
      const body: any = {
        resident: {
          givenName: values.givenName,
          familyName: values.familyName,
          // A date that is not real goes as typed: the API names the field and why.
          dateOfBirth: dob === 'invalid' ? `${values.dobYear}-${values.dobMonth}-${values.dobDay}` : (dob ?? undefined),
          nhsNumber: values.nhsNumber || undefined,
          postcode: values.postcode || undefined,
        },
        localityId: values.localityId,
        source: values.source || undefined,
        reason: values.reason,
        whatMatters: values.whatMatters || undefined,
      };
      try {
        const { data, position } = await answer<{ caseId: string }>(apiOf(res).POST('/api/cases', { body }));
        if (position) req.session.position = position;
        res.redirect(303, `/cases/${data.caseId}`);
      } catch (e) {
        if (e instanceof ApiUnavailable) {
          res.status(503);
          return res.render('new-case', newCaseView(values, UNAVAILABLE('givenName')));
        }
        if (!(e instanceof ApiProblem) || e.status === 401 || e.status === 404) throw e;
        const { list, byField } = fieldErrors(e.problem, (f) => NEW_FIELDS[f] ?? null, 'givenName', NEW_MESSAGES);
        res.status(e.status === 409 ? 409 : 400);
        res.render(
          'new-case',
          newCaseView(values, {
            errorList: list.map((i) => (i.href === '#dateOfBirth' ? { ...i, href: '#dateOfBirth-day' } : i)),
            errorTitle: e.status === 409 ? e.problem.title : undefined,
            errors: byField,
          }),
        );
      }
    }),
  );
}
