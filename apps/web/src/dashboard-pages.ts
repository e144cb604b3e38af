import type { Express, Request, Response } from 'express';
import { DateTime } from 'luxon';
import { LOCALITIES, SPECIALIST_SERVICES } from '@iln/case-coordination/seed/reference-data.seed';
import { answer } from './api';
import { barChart, type Bar } from './charts';
import { handle, PageError } from './http';
import { apiOf, localityName } from './pages';
import { csvCell } from './audit-pages';

/* eslint-disable @typescript-eslint/no-explicit-any */
const q = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
interface Measure {
  value: number | null;
  suppressed?: true;
  definition: string;
}
export interface Row {
  key: string;
  label: string;
  value: number | null;
  suppressed: boolean;
  definition: string;
}

/** "reviewsOnTimePercent" -> "Reviews on time (%)". */
export function labelOf(key: string): string {
  const percent = key.endsWith('Percent');
  const words = key.replace(/Percent$/, '').replace(/([A-Z]|\d+)/g, ' $1').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1) + (percent ? ' (%)' : '');
}
const serviceName = (id: string) => SPECIALIST_SERVICES.find((s) => s.id === id)?.name ?? id;
const isMeasure = (m: any): m is Measure => !!m && typeof m === 'object' && 'definition' in m && 'value' in m;

/** Every measure of the API's answer, one row each, in its order: the table, the CSV and the charts read these. */
export function measureRows(measures: Record<string, any>): Row[] {
  const rows: Row[] = [];
  const add = (key: string, label: string, m: Measure) => rows.push({ key, label, value: m.suppressed ? null : m.value, suppressed: !!m.suppressed, definition: m.definition });
  for (const [key, m] of Object.entries(measures)) {
    if (isMeasure(m)) add(key, labelOf(key), m);
    else if (Array.isArray(m)) {
      for (const s of m) for (const [k, x] of Object.entries(s)) if (isMeasure(x)) add(`${key}.${s.serviceId}.${k}`, `${serviceName(s.serviceId)}: ${labelOf(k).toLowerCase()}`, x);
    } else if (m && typeof m === 'object') {
      for (const [k, x] of Object.entries(m)) if (isMeasure(x)) add(`${key}.${k}`, `Specialist input: ${labelOf(k).toLowerCase()}`, x);
    }
  }
  return rows;
}

/** Where a picture reads better than a number (issue 15): the percentages, the kinds of input, the safeguarding outcomes. */
export function chartsOf(rows: Row[]): Array<{ id: string; title: string; bars: Bar[]; max?: number; unit?: string }> {
  const pick = (keys: string[]) => keys.map((k) => rows.find((r) => r.key === k)).filter((r): r is Row => !!r).map((r) => ({ label: r.label.replace(/ \(%\)$/, ''), value: r.value, suppressed: r.suppressed }));
  return [
    {
      id: 'chart-on-time',
      title: 'Work done within its target, per cent',
      bars: pick(['reviewsOnTimePercent', 'specialistInputs.withinTargetPercent', 'safeguardingDecisionsWithinTargetPercent', 'desiredOutcomesAskedPercent', 'stillAtHomeAt91DaysPercent', 'wellbeingHoursAllocatedPercent', 'contactsResolvedAtFirstConversationPercent']),
      max: 100,
      unit: '%',
    },
    { id: 'chart-inputs', title: 'Specialist input: brokered, joint visits and formal referrals', bars: pick(['specialistInputs.brokered', 'specialistInputs.jointVisits', 'specialistInputs.formalReferrals']) },
    { id: 'chart-outcomes', title: 'Safeguarding enquiries: outcomes', bars: pick(['outcomesMetFully', 'outcomesMetPartially', 'outcomesNotMet', 'riskRemoved', 'riskReduced', 'riskRemains']) },
  ];
}

/** The trend's measures (issue 15): where the data allows a picture over weeks. */
export const TREND_MEASURES: Array<[string, string, string]> = [
  ['averageDaysToAllocation', 'Average days to allocation', ''],
  ['reviewsOnTimePercent', 'Reviews on time', '%'],
  ['specialistInputs.withinTargetPercent', 'Specialist inputs within target', '%'],
  ['specialistInputs.brokeredPerFormalReferral', 'Brokered conversations per formal referral', ''],
  ['safeguardingDecisionsWithinTargetPercent', 'Safeguarding decisions within target', '%'],
];
export const MAX_WEEKS = 12;

/** The period's whole weeks, counted back from its last day (at most 12, oldest first): [from, to] each. */
export function weeksOf(from: string, to: string): Array<[string, string]> {
  const first = DateTime.fromISO(from);
  const weeks: Array<[string, string]> = [];
  for (let end = DateTime.fromISO(to); weeks.length < MAX_WEEKS; end = end.minus({ days: 7 })) {
    const start = end.minus({ days: 6 });
    if (start < first) break;
    weeks.unshift([start.toISODate()!, end.toISODate()!]);
  }
  return weeks;
}

const realDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s).isValid;

/** `/dashboard` and `/localities/:id/dashboard` (UI.md): the measures with their definitions, charts, a table and a CSV. */
export function registerDashboardPages(app: Express): void {
  const allowed = (req: Request) => {
    const user = req.session.user!;
    if (!user.roles.some((r) => r === 'team-manager' || r === 'auditor')) throw new PageError(404);
    return user;
  };
  const load = async (req: Request, res: Response, localityId: string | null) => {
    const values = { from: q(req.query.from), to: q(req.query.to) };
    const errorList: Array<{ text: string; href: string }> = [];
    if (values.from && !realDay(values.from)) errorList.push({ text: 'From must be a real date, like 2026-11-01', href: '#from' });
    if (values.to && !realDay(values.to)) errorList.push({ text: 'To must be a real date, like 2026-11-30', href: '#to' });
    if (!errorList.length && values.from && values.to && values.from > values.to) errorList.push({ text: 'To must be the same as or after From', href: '#to' });
    if (errorList.length) return { values, errorList, data: null };
    const query: Record<string, string> = {};
    if (values.from) query.from = values.from;
    if (values.to) query.to = values.to;
    const { data } = localityId
      ? await answer<any>(apiOf(res).GET('/api/localities/{id}/dashboard', { params: { path: { id: localityId }, query: query as any } }))
      : await answer<any>(apiOf(res).GET('/api/dashboard', { params: { query: query as any } }));
    return { values, errorList, data };
  };
  const page = (scope: () => (req: Request) => string | null) =>
    handle(async (req, res) => {
      const user = allowed(req);
      const localityId = scope()(req);
      if (!localityId && !user.localities.includes('*')) {
        const mine = user.localities.find((l) => LOCALITIES.some((x) => x.id === l));
        if (!mine) throw new PageError(404);
        return res.redirect(303, `/localities/${mine}/dashboard`);
      }
      const base = localityId ? `/localities/${localityId}/dashboard` : '/dashboard';
      const { values, errorList, data } = await load(req, res, localityId);
      const rows = data ? measureRows(data.measures) : [];
      const weeks = data ? weeksOf(data.from, data.to) : [];
      const weekly = await Promise.all(
        weeks.map(async ([from, to]) => {
          const query = { from, to } as any;
          const { data: w } = localityId
            ? await answer<any>(apiOf(res).GET('/api/localities/{id}/dashboard', { params: { path: { id: localityId }, query } }))
            : await answer<any>(apiOf(res).GET('/api/dashboard', { params: { query } }));
          return { from, rows: measureRows(w.measures) };
        }),
      );
      const trends = weekly.length >= 2
        ? TREND_MEASURES.map(([key, title, unit], n) => {
            const bars = weekly.map((w) => {
              const r = w.rows.find((x) => x.key === key);
              return { label: `Week of ${DateTime.fromISO(w.from).toFormat('d MMM')}`, value: r?.value ?? null, suppressed: r?.suppressed };
            });
            return { title: `${title}, week by week`, svg: barChart(`trend-${n}`, `${title}, week by week`, bars, { unit, ...(unit === '%' ? { max: 100 } : {}) }) };
          })
        : [];
      const params = new URLSearchParams(Object.entries(values).filter(([, v]) => v));
      if (errorList.length) res.status(400);
      res.render('dashboard', {
        pageTitle: localityId ? `Dashboard: ${localityName(localityId)}` : 'Dashboard: the borough',
        scopeName: localityId ? localityName(localityId) : 'The borough',
        action: base,
        values,
        errorList,
        errors: Object.fromEntries(errorList.map((e) => [e.href.slice(1), e.text])),
        period: data ? { from: data.from, to: data.to } : null,
        rows,
        charts: data ? chartsOf(rows).map((c) => ({ title: c.title, svg: barChart(c.id, c.title, c.bars, c) })) : [],
        trends,
        csvHref: `${base}.csv${params.size ? `?${params}` : ''}`,
        localities: user.localities.includes('*') || user.roles.includes('auditor') ? LOCALITIES : LOCALITIES.filter((l) => user.localities.includes(l.id)),
      });
    });
  const csv = (scope: () => (req: Request) => string | null) =>
    handle(async (req, res) => {
      allowed(req);
      const { errorList, data } = await load(req, res, scope()(req));
      if (errorList.length || !data) throw new PageError(404);
      const lines = ['measure,label,value,suppressed,definition,from,to', ...measureRows(data.measures).map((r) => [r.key, r.label, r.value, r.suppressed, r.definition, data.from, data.to].map(csvCell).join(','))];
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="dashboard-${data.scope}-${data.from}-${data.to}.csv"`);
      res.send(lines.join('\r\n') + '\r\n');
    });
  const locality = () => (req: Request) => {
    const id = String(req.params.id);
    if (!LOCALITIES.some((l) => l.id === id)) throw new PageError(404);
    return id;
  };
  const borough = () => () => null;
  app.get('/dashboard', page(borough));
  app.get('/dashboard.csv', csv(borough));
  app.get('/localities/:id/dashboard', page(locality));
  app.get('/localities/:id/dashboard.csv', csv(locality));
}
