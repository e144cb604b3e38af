import type { Express, Request, Response } from 'express';
import { LOCALITIES } from '@iln/case-coordination/seed/reference-data.seed';
import { answer, ApiProblem, ApiUnavailable } from './api';
import { handle, PageError } from './http';
import { apiOf, localityName } from './pages';
import { practitionersIn } from './personas';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
const q = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The localities a manager answers for ('*' is every one). */
export function managedLocalities(localities: readonly string[]): string[] {
  return localities.includes('*') ? LOCALITIES.map((l) => l.id) : LOCALITIES.filter((l) => localities.includes(l.id)).map((l) => l.id);
}

/**
 * Unallocated open cases, oldest first: the API has no "no coordinator" filter, so the open
 * cases of the locality without one; their age is the allocate-coordinator follow-up's due
 * time when the worklist has it (it is set from the opening), else when last changed.
 */
export function unallocatedOldestFirst<C extends { caseId: string; coordinator: unknown; updatedAt?: string }>(cases: C[], allocateDue: Map<string, string>): Array<C & { since: string }> {
  return cases
    .filter((c) => !c.coordinator)
    .map((c) => ({ ...c, since: allocateDue.get(c.caseId) ?? c.updatedAt ?? '' }))
    .sort((a, b) => a.since.localeCompare(b.since));
}

const FOLLOW_UP_WORDS = (kind: string | undefined) => String(kind ?? '').replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

async function teamView(req: Request, res: Response, localityId: string, extra: Record<string, unknown> = {}) {
  const api = apiOf(res);
  const [caseloads, cases, work] = await Promise.all([
    answer<any[]>(api.GET('/api/caseloads', { params: { query: { localityId } as any } })),
    answer<Page<any>>(api.GET('/api/cases', { params: { query: { localityId, status: 'open', pageSize: 200 } as any } })),
    answer<Page<any>>(api.GET('/api/worklist', { params: { query: { pageSize: 200 } as any } })),
  ]);
  const inLocality = new Set(cases.data.items.map((c) => c.caseId));
  const allocateDue = new Map<string, string>();
  for (const i of work.data.items) if (i.kind === 'follow-up' && i.followUpKind === 'allocate-coordinator' && i.dueAt) allocateDue.set(i.caseId, i.dueAt);
  const byDue = (a: any, b: any) => String(a.dueAt ?? '').localeCompare(String(b.dueAt ?? ''));
  const people = practitionersIn(localityId);
  return {
    pageTitle: 'Team',
    localityId,
    localityName: localityName(localityId),
    localities: managedLocalities(req.session.user!.localities).map((id) => ({ value: id, text: localityName(id), selected: id === localityId })),
    caseloads: [...caseloads.data].sort((a, b) => b.openCases - a.openCases || a.name.localeCompare(b.name)),
    unallocated: unallocatedOldestFirst(cases.data.items, allocateDue),
    people: [{ value: '', text: 'Choose a practitioner' }, ...people.map((p) => ({ value: p.id, text: p.name }))],
    handovers: work.data.items.filter((i) => i.kind === 'handover' && inLocality.has(i.caseId)).sort(byDue),
    escalated: work.data.items
      .filter((i) => i.kind === 'follow-up' && i.escalated && inLocality.has(i.caseId))
      .map((i) => ({ ...i, what: FOLLOW_UP_WORDS(i.followUpKind) }))
      .sort(byDue),
    ...extra,
  };
}

/** `/team` (UI.md): a team manager's caseloads, unallocated cases with an allocate action, hand-overs, escalations. */
export function registerTeamPages(app: Express): void {
  const managerLocality = (req: Request, wanted: unknown): string => {
    const user = req.session.user!;
    if (!user.roles.includes('team-manager')) throw new PageError(404);
    const mine = managedLocalities(user.localities);
    if (!mine.length) throw new PageError(404);
    return mine.includes(q(wanted)) ? q(wanted) : mine[0]!;
  };

  app.get(
    '/team',
    handle(async (req, res) => {
      const localityId = managerLocality(req, req.query.localityId);
      res.render('team', await teamView(req, res, localityId));
    }),
  );

  app.post(
    '/team/allocate',
    handle(async (req, res) => {
      const b = req.body as Record<string, unknown>;
      const localityId = managerLocality(req, b.localityId);
      const caseId = q(b.caseId);
      const practitionerId = q(b.practitionerId);
      const person = practitionersIn(localityId).find((p) => p.id === practitionerId);
      const field = `practitionerId-${caseId.replace(/[^a-zA-Z0-9-]/g, '')}`;
      const again = async (status: number, errorList: Array<{ text: string; href: string }>, errorTitle?: string) => {
        res.status(status);
        res.render('team', await teamView(req, res, localityId, { errorList, errorTitle, errorField: field }));
      };
      if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw new PageError(404);
      if (!person) return again(400, [{ text: 'Choose a practitioner to allocate', href: `#${field}` }]);
      try {
        const { position } = await answer(
          apiOf(res).POST('/api/cases/{id}/coordinator', { params: { path: { id: caseId } }, body: { practitionerId: person.id, practitionerName: person.name, teamId: person.teamId } as any }),
        );
        if (position) req.session.position = position;
        res.redirect(303, `/team?localityId=${encodeURIComponent(localityId)}`);
      } catch (e) {
        if (e instanceof ApiUnavailable) throw e;
        if (!(e instanceof ApiProblem) || e.status === 401 || e.status === 404) throw e;
        const detail = e.problem.detail ?? e.problem.errors?.map((x) => x.message).join('; ') ?? 'The allocation was refused';
        return again(e.status === 409 ? 409 : 400, [{ text: detail, href: `#${field}` }], e.status === 409 ? e.problem.title : undefined);
      }
    }),
  );
}
