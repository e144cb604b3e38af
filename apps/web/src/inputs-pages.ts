import type { Express, Request } from 'express';
import { SPECIALIST_SERVICES } from '@iln/case-coordination/seed/reference-data.seed';
import { answer } from './api';
import { handle, PageError } from './http';
import { apiOf, localityName, pagination } from './pages';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
const q = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const STATUSES: Array<[string, string]> = [
  ['requested', 'Requested'],
  ['accepted', 'Accepted'],
  ['delivered', 'Delivered'],
  ['declined', 'Declined'],
  ['withdrawn', 'Withdrawn'],
];
const PAGE_SIZE = 50;
const serviceName = (id: string) => SPECIALIST_SERVICES.find((s) => s.id === id)?.name ?? id;

/** The board's order (UI.md, issue 15): overdue first, then requested, then accepted, then the rest; each by respond-by. */
export function boardOrder<T extends { status: string; overdue?: boolean; respondBy?: string | null }>(items: T[]): T[] {
  const rank = (i: T) => (i.overdue ? 0 : i.status === 'requested' ? 1 : i.status === 'accepted' ? 2 : 3);
  return [...items].sort((a, b) => rank(a) - rank(b) || String(a.respondBy ?? '').localeCompare(String(b.respondBy ?? '')));
}

/**
 * `/inputs` (UI.md): the specialist input board for a service, for the practitioners of a
 * specialist service (partners; their team is the service they answer for) and managers.
 */
export function registerInputsPages(app: Express): void {
  const allowed = (req: Request) => {
    const user = req.session.user!;
    if (!user.roles.some((r) => r === 'partner' || r === 'team-manager')) throw new PageError(404);
    return user;
  };
  app.get(
    '/inputs',
    handle(async (req, res) => {
      const user = allowed(req);
      const own = SPECIALIST_SERVICES.find((s) => user.teams.includes(s.id))?.id ?? '';
      const asked = typeof req.query.serviceId === 'string' ? q(req.query.serviceId) : own;
      const filters = {
        serviceId: SPECIALIST_SERVICES.some((s) => s.id === asked) ? asked : '',
        status: STATUSES.some(([s]) => s === q(req.query.status)) ? q(req.query.status) : '',
        overdue: q(req.query.overdue) === 'true' ? 'true' : '',
      };
      const page = Math.max(1, Number.parseInt(q(req.query.page), 10) || 1);
      const query: Record<string, unknown> = { page, pageSize: PAGE_SIZE };
      if (filters.serviceId) query.serviceId = filters.serviceId;
      if (filters.status) query.status = filters.status;
      if (filters.overdue) query.overdue = true;
      const { data } = await answer<Page<any>>(apiOf(res).GET('/api/specialist-inputs', { params: { query: query as any } }));
      const href = (n: number) => `/inputs?${new URLSearchParams({ ...filters, page: String(n) })}`;
      res.render('inputs', {
        pageTitle: 'Specialist input',
        filters,
        serviceName: filters.serviceId ? serviceName(filters.serviceId) : 'Every service',
        items: boardOrder(data.items).map((i) => ({
          ...i,
          serviceName: serviceName(i.serviceId),
          localityName: localityName(i.localityId),
          statusText: STATUSES.find(([s]) => s === i.status)?.[1] ?? i.status,
        })),
        total: data.total,
        pagination: pagination(page, PAGE_SIZE, data.total, href),
        services: [{ value: '', text: 'Every service' }, ...SPECIALIST_SERVICES.map((s) => ({ value: s.id, text: s.name }))],
        statuses: [{ value: '', text: 'Any status' }, ...STATUSES.map(([value, text]) => ({ value, text }))],
      });
    }),
  );
}
