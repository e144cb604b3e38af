import type { Express, Request, Response } from 'express';
import { DateTime } from 'luxon';
import { answer } from './api';
import { handle, PageError } from './http';
import { apiOf, pagination } from './pages';
import { PERSONAS } from './personas';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
const q = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const PAGE_SIZE = 50;
/** The CSV holds at most this many rows (50 pages of the API's largest): a wider search is narrowed first. */
export const CSV_LIMIT = 10_000;

/** A YYYY-MM-DD day's first instant in Europe/London (ISO), or null when not a real date. */
export function londonDayStart(day: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const d = DateTime.fromISO(day, { zone: 'Europe/London' });
  return d.isValid ? d.startOf('day').toUTC().toISO() : null;
}

const personName = (id: string | null) => (id ? (PERSONAS.find((p) => p.id === id)?.name ?? id) : 'Unknown (no identity)');

/** One CSV cell: quoted, and a leading = + - @ made inert (a spreadsheet would run it). */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}
export const AUDIT_CSV_COLUMNS = ['occurredAt', 'userId', 'name', 'roles', 'organisation', 'caseId', 'kind', 'action', 'outcome', 'requestId'] as const;
export function auditCsv(items: any[]): string {
  const rows = items.map((i) => AUDIT_CSV_COLUMNS.map((c) => csvCell(c === 'name' ? personName(i.userId) : i[c])).join(','));
  return [AUDIT_CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

interface Filters {
  case: string;
  userId: string;
  from: string;
  to: string;
}
/**
 * The form's filters to the API's: the case by reference (found through the case search) or
 * id; the dates as whole days in Europe/London ("to" inclusive, so the day after's start).
 */
async function resolve(req: Request, res: Response): Promise<{ filters: Filters; query: Record<string, string>; errors: Array<{ text: string; href: string }>; none: boolean }> {
  const filters: Filters = { case: q(req.query.case), userId: q(req.query.userId), from: q(req.query.from), to: q(req.query.to) };
  const errors: Array<{ text: string; href: string }> = [];
  const query: Record<string, string> = {};
  let none = false;
  if (filters.userId) query.userId = filters.userId;
  if (filters.from) {
    const from = londonDayStart(filters.from);
    if (from) query.from = from;
    else errors.push({ text: 'From must be a real date, like 2026-11-30', href: '#from' });
  }
  if (filters.to) {
    const to = londonDayStart(filters.to);
    if (to) query.to = DateTime.fromISO(to).plus({ days: 1 }).setZone('Europe/London').startOf('day').toUTC().toISO()!;
    else errors.push({ text: 'To must be a real date, like 2026-11-30', href: '#to' });
  }
  if (query.from && query.to && query.from >= query.to) errors.push({ text: 'To must be the same as or after From', href: '#to' });
  if (filters.case) {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(filters.case)) query.caseId = filters.case.toLowerCase();
    else if (/^ILN-[A-Z]{3}-\d{6}$/i.test(filters.case)) {
      const { data } = await answer<Page<any>>(apiOf(res).GET('/api/cases', { params: { query: { q: filters.case.toUpperCase(), pageSize: 5 } as any } }));
      const found = data.items.find((c) => c.reference === filters.case.toUpperCase());
      if (found) query.caseId = found.caseId;
      else none = true;
    } else errors.push({ text: 'Enter a case reference, like ILN-GRA-000123', href: '#case' });
  }
  return { filters, query, errors, none };
}

/** `/audit` (UI.md): the access audit for auditors, filtered by case, person and dates, with a CSV download. */
export function registerAuditPages(app: Express): void {
  const allowed = (req: Request) => {
    if (!req.session.user!.roles.includes('auditor')) throw new PageError(404);
  };
  const people = [{ value: '', text: 'Anyone' }, ...PERSONAS.map((p) => ({ value: p.id, text: p.name }))];

  app.get(
    '/audit',
    handle(async (req, res) => {
      allowed(req);
      const { filters, query, errors, none } = await resolve(req, res);
      const page = Math.max(1, Number.parseInt(q(req.query.page), 10) || 1);
      const view = { pageTitle: 'Access audit', filters, people: people.map((p) => ({ ...p, selected: p.value === filters.userId })), errorList: errors };
      if (errors.length) {
        res.status(400);
        return res.render('audit', { ...view, errors: Object.fromEntries(errors.map((e) => [e.href.slice(1), e.text])), items: [], total: 0 });
      }
      const data = none
        ? { items: [], total: 0 }
        : (await answer<Page<any>>(apiOf(res).GET('/api/audit/access', { params: { query: { ...query, page, pageSize: PAGE_SIZE } as any } }))).data;
      const params = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
      res.render('audit', {
        ...view,
        errors: {},
        items: data.items.map((i) => ({ ...i, name: personName(i.userId) })),
        total: data.total,
        pagination: pagination(page, PAGE_SIZE, data.total, (n) => `/audit?${new URLSearchParams({ ...params, page: String(n) })}`),
        csvHref: `/audit.csv?${new URLSearchParams(params)}`,
      });
    }),
  );

  app.get(
    '/audit.csv',
    handle(async (req, res) => {
      allowed(req);
      const { query, errors, none } = await resolve(req, res);
      if (errors.length) throw new PageError(404);
      const items: any[] = [];
      for (let page = 1; !none && items.length < CSV_LIMIT; page++) {
        const { data } = await answer<Page<any>>(apiOf(res).GET('/api/audit/access', { params: { query: { ...query, page, pageSize: 200 } as any } }));
        items.push(...data.items);
        if (data.items.length < 200 || items.length >= data.total) break;
      }
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="access-audit.csv"');
      res.send(auditCsv(items.slice(0, CSV_LIMIT)));
    }),
  );
}
