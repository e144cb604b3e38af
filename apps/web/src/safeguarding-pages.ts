import type { Express, Request } from 'express';
import { answer } from './api';
import { handle, PageError } from './http';
import { apiOf, localityName, pagination } from './pages';
import { managedLocalities } from './team-pages';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
const q = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const STATUSES: Array<[string, string]> = [
  ['awaiting-decision', 'Awaiting decision'],
  ['enquiry-open', 'Enquiry open'],
  ['no-enquiry', 'No enquiry'],
  ['concluded', 'Concluded'],
];
const PAGE_SIZE = 50;

export interface RegisterRow {
  status: string;
  decisionDueBy?: string | null;
  decisionOverdue?: boolean;
  enquiryDueBy?: string | null;
  enquiryOverdue?: boolean;
}

/** The deadline still to meet: the decision's while awaiting one, the enquiry's while it is open. */
export const nextDeadline = (r: RegisterRow): string | null =>
  r.status === 'awaiting-decision' ? (r.decisionDueBy ?? null) : r.status === 'enquiry-open' ? (r.enquiryDueBy ?? null) : null;
export const isOverdue = (r: RegisterRow): boolean =>
  (r.status === 'awaiting-decision' && !!r.decisionOverdue) || (r.status === 'enquiry-open' && !!r.enquiryOverdue);

/** The register's order (issue 15): overdue first, then open work by its next deadline, then the settled ones. */
export function overdueFirst<T extends RegisterRow>(rows: T[]): T[] {
  const rank = (r: T) => (isOverdue(r) ? 0 : nextDeadline(r) ? 1 : 2);
  return [...rows].sort((a, b) => rank(a) - rank(b) || String(nextDeadline(a) ?? '').localeCompare(String(nextDeadline(b) ?? '')));
}

/**
 * `/safeguarding` (UI.md): the concerns register for safeguarding leads and managers, with the
 * decision deadline (the register's) and the enquiry deadline (the register has none: the
 * case's section42-enquiry follow-up on the caller's worklist, when it is there).
 */
export function registerSafeguardingPages(app: Express): void {
  const allowed = (req: Request) => {
    const user = req.session.user!;
    if (!user.roles.some((r) => r === 'safeguarding-lead' || r === 'team-manager')) throw new PageError(404);
    return user;
  };
  app.get(
    '/safeguarding',
    handle(async (req, res) => {
      const user = allowed(req);
      const mine = managedLocalities(user.localities);
      const filters = {
        localityId: mine.includes(q(req.query.localityId)) ? q(req.query.localityId) : '',
        status: STATUSES.some(([s]) => s === q(req.query.status)) ? q(req.query.status) : '',
      };
      const page = Math.max(1, Number.parseInt(q(req.query.page), 10) || 1);
      const query: Record<string, unknown> = { page, pageSize: PAGE_SIZE };
      for (const [k, v] of Object.entries(filters)) if (v) query[k] = v;
      const api = apiOf(res);
      const [register, work] = await Promise.all([
        answer<Page<any>>(api.GET('/api/safeguarding/concerns', { params: { query: query as any } })),
        answer<Page<any>>(api.GET('/api/worklist', { params: { query: { pageSize: 200 } as any } })),
      ]);
      const enquiries = new Map<string, { dueAt: string; overdue: boolean }>();
      for (const i of work.data.items) {
        if (i.kind !== 'follow-up' || i.followUpKind !== 'section42-enquiry' || !i.dueAt) continue;
        const known = enquiries.get(i.caseId);
        if (!known || i.dueAt < known.dueAt) enquiries.set(i.caseId, { dueAt: i.dueAt, overdue: !!i.overdue });
      }
      const rows = overdueFirst(
        register.data.items.map((c) => ({
          ...c,
          localityName: localityName(c.localityId),
          statusText: STATUSES.find(([s]) => s === c.status)?.[1] ?? c.status,
          enquiryDueBy: c.status === 'enquiry-open' ? (enquiries.get(c.caseId)?.dueAt ?? null) : null,
          enquiryOverdue: c.status === 'enquiry-open' ? !!enquiries.get(c.caseId)?.overdue : false,
        })),
      ).map((c) => ({ ...c, overdue: isOverdue(c) }));
      const href = (n: number) => `/safeguarding?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), page: String(n) })}`;
      res.render('safeguarding', {
        pageTitle: 'Safeguarding',
        filters,
        rows,
        total: register.data.total,
        pagination: pagination(page, PAGE_SIZE, register.data.total, href),
        localities: [{ value: '', text: 'All my localities' }, ...mine.map((id) => ({ value: id, text: localityName(id) }))],
        statuses: [{ value: '', text: 'Any status' }, ...STATUSES.map(([value, text]) => ({ value, text }))],
        mayDecide: user.roles.includes('safeguarding-lead'),
      });
    }),
  );
}
