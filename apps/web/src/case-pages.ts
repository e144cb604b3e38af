import type { Express, Request, Response } from 'express';
import { DateTime } from 'luxon';
import type { Principal } from '@iln/case-coordination/access/principal';
import { maySeeRestricted } from '@iln/case-coordination/access/case-access';
import { SPECIALIST_SERVICES, TEAMS } from '@iln/case-coordination/seed/reference-data.seed';
import { answer, ApiProblem, ApiUnavailable } from './api';
import { ACTIONS, factsOf, findAction, offered, type ActionDef, type CaseDoc, type Field } from './actions';
import { handle, PageError } from './http';
import { fieldErrors } from './errors';
import { formatDateTime } from './format';
import { localityName, pagination, UNAVAILABLE } from './pages';

/* eslint-disable @typescript-eslint/no-explicit-any */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const serviceName = (id: string) => SPECIALIST_SERVICES.find((s) => s.id === id)?.name ?? id;
const teamName = (id: string | null | undefined) => (id ? (TEAMS.find((t) => t.id === id)?.name ?? id) : '');
const user = (req: Request) => req.session.user as Principal;

function caseId(req: Request): string {
  const id = String(req.params.id);
  if (!UUID.test(id)) throw new PageError(404);
  return id;
}

async function loadCase(res: Response, id: string, asAt?: string): Promise<CaseDoc> {
  const { data } = await answer<CaseDoc>(res.locals.api.GET('/api/cases/{id}', { params: { path: { id }, query: asAt ? { asAt } : {} } }));
  return data;
}

/** The actions offered on this case, by section, with their links. */
function actionsFor(c: CaseDoc, p: Principal): Record<string, Array<{ href: string; text: string }>> {
  const out: Record<string, Array<{ href: string; text: string }>> = {};
  const add = (a: ActionDef, text: string, itemId?: string) => {
    (out[a.section] ??= []).push({ href: `/cases/${c.caseId}/actions/${a.key}${itemId ? `/${itemId}` : ''}`, text });
  };
  for (const a of ACTIONS) {
    if (!a.item) {
      if (offered(a, c, undefined, p)) add(a, a.title);
      continue;
    }
  }
  return out;
}

/** Item actions (an input, a concern, a follow-up, a member, an action of the plan) offered for one item. */
function actionsForItem(c: CaseDoc, p: Principal, keys: string[], itemId: string): Array<{ href: string; text: string }> {
  return keys
    .map((k) => findAction(k)!)
    .filter((a) => offered(a, c, a.item!(c, itemId), p))
    .map((a) => ({ href: `/cases/${c.caseId}/actions/${a.key}/${itemId}`, text: a.title }));
}

function decorate(c: CaseDoc, p: Principal, readOnly = false) {
  // The past is read only: no action on the case as it stood.
  const itemActions = (doc: CaseDoc, who: Principal, keys: string[], itemId: string) => (readOnly ? [] : actionsForItem(doc, who, keys, itemId));
  return {
    ...c,
    localityName: localityName(c.localityId),
    specialistInputs: (c.specialistInputs ?? []).map((i: any) => ({ ...i, serviceName: serviceName(i.serviceId), actions: itemActions(c, p, ['accept-input', 'decline-input', 'deliver-input', 'withdraw-input'], i.inputId) })),
    concerns: (c.safeguarding?.concerns ?? []).map((x: any) => ({ ...x, actions: itemActions(c, p, ['decide-concern', 'conclude-enquiry'], x.concernId) })),
    followUps: (c.followUps ?? []).map((f: any) => ({ ...f, actions: itemActions(c, p, ['complete-follow-up'], f.followUpId) })),
    careTeam: (c.careTeam ?? []).map((m: any) => ({ ...m, actions: itemActions(c, p, ['remove-care-team-member'], m.memberId) })),
    homeCareTeam: teamName(c.homeCare?.teamId),
    coordinatorTeam: teamName(c.coordinator?.teamId),
    // "Given: NELFT; refused: MIND" for the printed summary.
    consentSummary: (c.consent?.organisations ?? [])
      .map((o: { organisation: string; status: string }) => `${o.status.replace(/-/g, ' ')}: ${o.organisation.toUpperCase()}`)
      .join('; '),
  };
}

async function loadNotes(res: Response, id: string): Promise<any[] | null> {
  // An API without GET /api/cases/:id/notes (before v1.1) answers 404/405: the page then
  // says notes cannot be listed.
  try {
    const { data } = await answer<{ items: any[] }>(res.locals.api.GET('/api/cases/{id}/notes', { params: { path: { id }, query: { pageSize: 50 } } }));
    return data.items;
  } catch (e) {
    if (e instanceof ApiProblem && (e.status === 404 || e.status === 405)) return null;
    throw e;
  }
}

function fieldFor(fields: Field[]): (apiField: string) => string | null {
  return (apiField) => {
    const f = fields.find((x) => x.name === apiField || x.api?.includes(apiField));
    if (!f) return null;
    return f.kind === 'datetime' ? `${f.name}Date` : f.kind === 'radios' || f.kind === 'checkboxes' ? f.name : f.name;
  };
}

export function registerCasePages(app: Express): void {
  app.get(
    '/cases/:id',
    handle(async (req, res) => {
      const id = caseId(req);
      const asAtRaw = typeof req.query.asAt === 'string' ? req.query.asAt : '';
      // A date alone means the end of that day in London; an instant is taken as given.
      const asAt = /^\d{4}-\d{2}-\d{2}$/.test(asAtRaw)
        ? (DateTime.fromISO(asAtRaw, { zone: 'Europe/London' }).endOf('day').toUTC().toISO() ?? '')
        : asAtRaw && !Number.isNaN(Date.parse(asAtRaw)) ? new Date(asAtRaw).toISOString() : '';
      if (asAtRaw && !asAt) throw new PageError(404);
      const c = await loadCase(res, id, asAt || undefined);
      const p = user(req);
      const notes = asAt ? null : await loadNotes(res, id);
      res.render('case', {
        pageTitle: `${c.resident?.givenName ?? ''} ${c.resident?.familyName ?? ''} – ${c.reference}`,
        c: decorate(c, p, !!asAt),
        asAt,
        actions: asAt ? {} : actionsFor(c, p),
        notes,
        mayAddNote: !asAt && offered(findAction('note')!, c, undefined, p),
        sgDetail: maySeeRestricted(p, factsOf(c)) || (c.safeguarding?.concerns ?? []).some((x: any) => x.summary !== undefined),
      });
    }),
  );

  app.get(
    '/cases/:id/timeline',
    handle(async (req, res) => {
      const id = caseId(req);
      const page = Math.max(1, Number.parseInt(String(req.query.page ?? '1'), 10) || 1);
      const c = await loadCase(res, id);
      const { data } = await answer<{ items: any[]; total: number }>(res.locals.api.GET('/api/cases/{id}/timeline', { params: { path: { id }, query: { page, pageSize: 50 } } }));
      res.render('timeline', {
        pageTitle: `Timeline – ${c.reference}`,
        c,
        items: data.items.map((i) => ({ ...i, what: String(i.type).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/^./, (x) => x.toUpperCase()) })),
        pagination: pagination(page, 50, data.total, (n) => `/cases/${id}/timeline?page=${n}`),
      });
    }),
  );

  app.get(
    '/cases/:id/print',
    handle(async (req, res) => {
      const id = caseId(req);
      const c = await loadCase(res, id);
      res.render('print', { pageTitle: `Summary – ${c.reference}`, c: decorate(c, user(req), true), printedAt: formatDateTime(new Date().toISOString()) });
    }),
  );

  // One page per action: its form, errors in words, the answers kept.
  const actionPage = (a: ActionDef, c: CaseDoc, item: any, values: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    pageTitle: `${a.title} – ${c.reference}`,
    action: a,
    c,
    item,
    itemLabel: item ? (item.serviceId ? serviceName(item.serviceId) : (item.name ?? item.kind ?? '')) : '',
    fields: a.fields(c, item),
    values,
    errors: {},
    ...extra,
  });
  const resolveAction = async (req: Request, res: Response) => {
    const id = caseId(req);
    const a = findAction(String(req.params.key));
    if (!a) throw new PageError(404);
    const c = await loadCase(res, id);
    const item = a.item ? a.item(c, String(req.params.itemId ?? '')) : undefined;
    if (!offered(a, c, item, user(req))) throw new PageError(404);
    return { a, c, item };
  };
  app.get(
    '/cases/:id/actions/:key{/:itemId}',
    handle(async (req, res) => {
      const { a, c, item } = await resolveAction(req, res);
      res.render('action', actionPage(a, c, item, {}));
    }),
  );
  app.post(
    '/cases/:id/actions/:key{/:itemId}',
    handle(async (req, res) => {
      const { a, c, item } = await resolveAction(req, res);
      const values = req.body as Record<string, unknown>;
      const fields = a.fields(c, item);
      try {
        const { position } = await answer(a.send(res.locals.api, c, item, values));
        if (position) req.session.position = position;
        res.redirect(303, `/cases/${c.caseId}`);
      } catch (e) {
        if (e instanceof ApiUnavailable) {
          res.status(503);
          return res.render('action', actionPage(a, c, item, values, UNAVAILABLE(fields[0] ? fieldFor(fields)(fields[0].name) ?? 'main-content' : 'main-content')));
        }
        if (!(e instanceof ApiProblem) || e.status === 401 || e.status === 404 || e.status === 410) throw e;
        const first = fields[0] ? (fieldFor(fields)(fields[0].name) ?? 'main-content') : 'main-content';
        const { list, byField } = fieldErrors(e.problem, fieldFor(fields), first);
        res.status(e.status === 409 ? 409 : e.status === 403 ? 403 : 400);
        res.render('action', actionPage(a, c, item, values, { errorList: list, errorTitle: e.status === 400 || e.status === 422 ? undefined : e.problem.title, errors: byField }));
      }
    }),
  );
}

/** The plan: current version, edit as a new version, agree, review, versions side by side (UI.md). */
export function registerCarePlanPages(app: Express): void {
  const OWNER_KINDS = ['practitioner', 'team', 'organisation', 'informal', 'resident'];
  app.get(
    '/cases/:id/care-plan',
    handle(async (req, res) => {
      const id = caseId(req);
      const c = await loadCase(res, id);
      const p = user(req);
      const { data } = await answer<{ items: any[]; total: number }>(res.locals.api.GET('/api/cases/{id}/care-plan/versions', { params: { path: { id }, query: { pageSize: 100 } } }));
      const plan = c.carePlan;
      res.render('care-plan', {
        pageTitle: `Care plan – ${c.reference}`,
        c,
        plan: plan && {
          ...plan,
          goals: (plan.goals ?? []).map((g: any) => ({ ...g, actions: actionsForItem(c, p, ['achieve-goal'], g.id) })),
          actions: (plan.actions ?? []).map((x: any) => ({ ...x, goal: (plan.goals ?? []).find((g: any) => g.id === x.goalId)?.description ?? '', links: actionsForItem(c, p, ['complete-plan-action'], x.id) })),
        },
        // The latest three versions, side by side.
        versions: data.items.slice(-3).reverse(),
        totalVersions: data.total,
        mayEdit: c.status === 'open' && offered({ ...findAction('agree-plan')!, command: 'DraftCarePlan', when: () => true }, c, undefined, p),
        actions: (actionsFor(c, p)['care-plan'] ?? []),
      });
    }),
  );

  const editView = (c: CaseDoc, values: any, extra: Record<string, unknown> = {}) => ({
    pageTitle: `Edit the care plan – ${c.reference}`,
    c,
    values,
    ownerKinds: OWNER_KINDS,
    errors: {},
    ...extra,
  });
  /** The plan's rows plus blank ones to add, as the form shows them. */
  const formValues = (plan: any) => ({
    whatMatters: plan?.whatMatters ?? '',
    goals: [...(plan?.goals ?? []).map((g: any) => ({ id: g.id, description: g.description, targetDate: g.targetDate ?? '' })), { id: '', description: '', targetDate: '' }, { id: '', description: '', targetDate: '' }],
    actions: [
      ...(plan?.actions ?? []).map((a: any) => ({ id: a.id, description: a.description, ownerKind: a.owner?.kind ?? '', ownerName: a.owner?.name ?? '', dueDate: a.dueDate ?? '', goalId: a.goalId ?? '' })),
      ...[0, 1].map(() => ({ id: '', description: '', ownerKind: '', ownerName: '', dueDate: '', goalId: '' })),
    ],
    informalSupport: (plan?.informalSupport ?? []).join('\n'),
    risksAccepted: (plan?.risksAccepted ?? []).join('\n'),
  });
  const mayDraft = (c: CaseDoc, p: Principal) => c.status === 'open' && offered({ ...findAction('agree-plan')!, command: 'DraftCarePlan', when: () => true }, c, undefined, p);

  app.get(
    '/cases/:id/care-plan/edit',
    handle(async (req, res) => {
      const c = await loadCase(res, caseId(req));
      if (!mayDraft(c, user(req))) throw new PageError(404);
      res.render('care-plan-edit', editView(c, formValues(c.carePlan)));
    }),
  );
  app.post(
    '/cases/:id/care-plan/edit',
    handle(async (req, res) => {
      const c = await loadCase(res, caseId(req));
      if (!mayDraft(c, user(req))) throw new PageError(404);
      const b = req.body as any;
      const rows = (v: unknown): any[] => (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : []);
      const s = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
      const lines = (v: unknown) => s(v).split('\n').map((l) => l.trim()).filter(Boolean);
      const values = {
        whatMatters: s(b.whatMatters),
        goals: rows(b.goals).map((g) => ({ id: s(g.id), description: s(g.description), targetDate: s(g.targetDate) })),
        actions: rows(b.actions).map((a) => ({ id: s(a.id), description: s(a.description), ownerKind: s(a.ownerKind), ownerName: s(a.ownerName), dueDate: s(a.dueDate), goalId: s(a.goalId) })),
        informalSupport: s(b.informalSupport),
        risksAccepted: s(b.risksAccepted),
      };
      // Blank rows are the form's spare rows, not goals or actions.
      const goals = values.goals.filter((g) => g.description || g.targetDate);
      const actions = values.actions.filter((a) => a.description || a.ownerName || a.dueDate);
      const body = {
        whatMatters: values.whatMatters,
        goals: goals.map((g) => ({ id: g.id || undefined, description: g.description, targetDate: g.targetDate || undefined })),
        actions: actions.map((a) => ({ id: a.id || undefined, description: a.description, owner: { kind: (a.ownerKind || undefined) as any, name: a.ownerName }, goalId: a.goalId || undefined, dueDate: a.dueDate || undefined })),
        informalSupport: lines(values.informalSupport),
        risksAccepted: lines(values.risksAccepted),
      };
      try {
        const { position } = await answer(res.locals.api.PUT('/api/cases/{id}/care-plan', { params: { path: { id: c.caseId } }, body }));
        if (position) req.session.position = position;
        res.redirect(303, `/cases/${c.caseId}/care-plan`);
      } catch (e) {
        if (e instanceof ApiUnavailable) {
          res.status(503);
          return res.render('care-plan-edit', editView(c, values, UNAVAILABLE('whatMatters')));
        }
        if (!(e instanceof ApiProblem) || e.status === 401 || e.status === 404 || e.status === 410) throw e;
        // goals.1.description -> the second goal row kept in the form.
        const map = (f: string): string | null => {
          const m = /^(goals|actions)\.(\d+)\.(.+)$/.exec(f);
          if (m) {
            const list = m[1] === 'goals' ? goals : actions;
            const row = (values[m[1] as 'goals' | 'actions'] as any[]).indexOf(list[Number(m[2])]);
            const field = m[3].startsWith('owner') ? (m[3] === 'owner.kind' ? 'ownerKind' : 'ownerName') : m[3];
            return row >= 0 ? `${m[1]}-${row}-${field}` : null;
          }
          return ['whatMatters', 'informalSupport', 'risksAccepted'].includes(f) ? f : null;
        };
        const { list, byField } = fieldErrors(e.problem, map, 'whatMatters');
        res.status(e.status === 409 ? 409 : 400);
        res.render('care-plan-edit', editView(c, values, { errorList: list, errorTitle: e.status === 409 ? e.problem.title : undefined, errors: byField }));
      }
    }),
  );
}
