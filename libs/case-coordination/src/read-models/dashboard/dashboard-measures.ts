import type { DataSource } from 'typeorm';

import { BOROUGH, londonDate, MEASURE_INDEX, MEASURES, monthOf } from './dashboard-facts';
import type { DashboardMeasures, Measure } from './dashboard.responses';

export type { Measure } from './dashboard.responses';

export interface MeasureOptions {
  /** Safeguarding outcome counts of 1 to 4 shown as they are (a safeguarding lead of the whole scope). */
  smallOutcomeCounts: boolean;
}

const isSmall = (n: number) => n >= 1 && n <= 4;

/**
 * Which safeguarding outcome cells to withhold: all of them when the enquiries they are
 * drawn from number 1 to 4; otherwise each cell of 1 to 4, and then one more cell (the
 * smallest shown) when exactly one is withheld, because the group's total is published
 * (enquiries concluded) or derivable (asked %) and the one left out would follow from it.
 */
export function suppressedCells(cells: Record<string, number>, drawnFrom: number): Set<string> {
  const names = Object.keys(cells);
  if (isSmall(drawnFrom)) return new Set(names);
  const hidden = new Set(names.filter((k) => isSmall(cells[k])));
  if (hidden.size === 1) {
    const [next] = names.filter((k) => !hidden.has(k)).sort((a, b) => cells[a] - cells[b]);
    if (next !== undefined) hidden.add(next);
  }
  return hidden;
}

// Every measure of DOMAIN.md "What managers and the board want to see", read from the
// counts the 'dashboard' projection keeps (dashboard-facts.ts says what each case adds):
// per scope (the locality, or '*' for the borough: by the case's current locality), London
// day and month, so a period is its whole months plus the days at either end, a few
// hundred rows whatever the number of cases. The period is [from, to) of whole London days;
// counts of now ignore it. What a day's count cannot tell, how much of today is already
// before now (deadlines passed), is read from today's items; the median response time
// from the answered inputs of the period (a median is not a sum).

const round = (v: unknown, digits = 1): number | null => (v === null || v === undefined ? null : Number(Number(v).toFixed(digits)));

type Day = string;
type Range = readonly [Day, Day];
/** Past any day a count is dated: "from this day on" is up to here. */
const END: Day = '9998-12-31';
const DAY_MS = 86_400_000;
const addDays = (d: Day, n: number): Day => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const nextMonth = (month: Day): Day => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${String(y + 1).padStart(4, '0')}-01-01` : `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-01`;
};
const maxDay = (a: Day, b: Day): Day => (a > b ? a : b);

/** A range of days as the whole months inside it (month rows) and the days either side (day rows). */
interface RangeRows {
  days: Range[];
  months: Range | null;
}
export function rangeRows([a, b]: Range): RangeRows {
  if (a > b) return { days: [], months: null };
  const first = a.endsWith('-01') ? a : nextMonth(monthOf(a));
  const afterLast = addDays(b, 1).endsWith('-01') ? addDays(b, 1) : monthOf(b);
  if (first >= afterLast) return { days: [[a, b]], months: null };
  const days: Range[] = [];
  if (a < first) days.push([a, addDays(first, -1)]);
  if (afterLast <= b) days.push([afterLast, b]);
  return { days, months: [first, monthOf(addDays(afterLast, -1))] };
}

interface CountRow {
  grain: 'd' | 'm' | 'n' | 'x';
  day: Day;
  dim: string;
  day2: Day;
  n: number[];
  total: number[];
}

const M = MEASURE_INDEX;
/** PostgreSQL's (1-based) element of a count array. */
const pgIndex = (m: keyof typeof MEASURE_INDEX) => M[m] + 1;

interface Sums {
  n: number[];
  total: number[];
  /** n of the rows whose second day (a deadline's) is before today. */
  due: number[];
}
const zero = (): Sums => ({ n: MEASURES.map(() => 0), total: MEASURES.map(() => 0), due: MEASURES.map(() => 0) });

function addRow(s: Sums, r: CountRow, today: Day): void {
  const due = r.day2 < today;
  r.n.forEach((v, i) => {
    s.n[i] += v;
    if (due) s.due[i] += v;
  });
  r.total.forEach((v, i) => (s.total[i] += v));
}

/** Sums per dim of the rows a range is made of. */
function sumRange(rows: readonly CountRow[], range: Range, today: Day): Map<string, Sums> {
  const parts = rangeRows(range);
  const out = new Map<string, Sums>();
  for (const r of rows) {
    const inside =
      (r.grain === 'd' && parts.days.some(([a, b]) => r.day >= a && r.day <= b)) ||
      (r.grain === 'm' && parts.months !== null && r.day >= parts.months[0] && r.day <= parts.months[1]);
    if (!inside) continue;
    let s = out.get(r.dim);
    if (!s) out.set(r.dim, (s = zero()));
    addRow(s, r, today);
  }
  return out;
}

const all = (sums: Map<string, Sums>): Sums => {
  const s = zero();
  for (const x of sums.values()) {
    x.n.forEach((v, i) => (s.n[i] += v));
    x.total.forEach((v, i) => (s.total[i] += v));
    x.due.forEach((v, i) => (s.due[i] += v));
  }
  return s;
};
const dimOf = (sums: Map<string, Sums>, dim: string): Sums => sums.get(dim) ?? zero();

export async function dashboardMeasures(ds: DataSource, localityId: string | null, from: Date, to: Date, options: MeasureOptions): Promise<DashboardMeasures> {
  const scope = localityId ?? BOROUGH;
  const first = londonDate(from.toISOString());
  const last = londonDate(new Date(to.getTime() - 1).toISOString());
  const clock = new Date();
  const today = londonDate(clock.toISOString());
  const period: Range = [first, last];
  // "Up to `to`" is all less what is after it; "before `from`" all less from `from` on; so the
  // rows read are the period's and those after it, never the whole history.
  const onwards = (day: Day): Range => [day, END];
  const ranges = [period, onwards(addDays(last, 1)), onwards(first), onwards(today), onwards(maxDay(first, today))];

  // The day rows and month rows of every range above.
  const dayWindows = ranges.flatMap((r) => rangeRows(r).days).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const merged: Range[] = [];
  for (const w of dayWindows) {
    const prev = merged[merged.length - 1];
    if (prev && w[0] <= addDays(prev[1], 1)) merged[merged.length - 1] = [prev[0], maxDay(prev[1], w[1])];
    else merged.push(w);
  }
  const months = ranges.map((r) => rangeRows(r).months).filter((m): m is Range => m !== null);
  const params: unknown[] = [scope, localityId, first, last, today, clock.toISOString()];
  const $ = (v: unknown) => `$${params.push(v)}::date`;
  /** The rows a range of days is made of, as SQL. */
  const rowsOf = (range: Range) => {
    const r = rangeRows(range);
    return (
      [
        ...r.days.map(([a, b]) => `(grain = 'd' AND day BETWEEN ${$(a)} AND ${$(b)})`),
        ...(r.months ? [`(grain = 'm' AND day BETWEEN ${$(r.months[0])} AND ${$(r.months[1])})`] : []),
      ].join(' OR ') || 'false'
    );
  };
  const windows = [
    `grain IN ('n', 'x')`,
    ...(months.length > 0 ? [`(grain = 'm' AND day BETWEEN ${$(months.map((m) => m[0]).sort()[0])} AND ${$(months.map((m) => m[1]).sort().reverse()[0])})`] : []),
    ...merged.map(([a, b]) => `(grain = 'd' AND day BETWEEN ${$(a)} AND ${$(b)})`),
  ].join(' OR ');
  // Cases open at any time in the period (hand-overs per case): opened by its end (all less
  // those opened after it), less those closed before it began (all less those closed from its
  // start on), plus the odd ones closed on a day before they opened.
  const live = (col: 'n' | 'total') => {
    const o = `${col}[${pgIndex('live-o')}]`;
    const c = `${col}[${pgIndex('live-c')}]`;
    return `(coalesce(sum(${o}) FILTER (WHERE grain = 'n'), 0) - coalesce(sum(${o}) FILTER (WHERE ${rowsOf(onwards(addDays(last, 1)))}), 0)
      - coalesce(sum(${c}) FILTER (WHERE grain = 'n'), 0) + coalesce(sum(${c}) FILTER (WHERE ${rowsOf(onwards(first))}), 0)
      + coalesce(sum(${col}[${pgIndex('live-odd')}]) FILTER (WHERE grain = 'x' AND day <= $4::date AND day2 >= $3::date), 0))::numeric`;
  };
  // One statement, one round trip.
  const [result]: Array<{
    rows: Array<{ grain: CountRow['grain']; day: Day; dim: string; day2: Day; n: number[]; total: number[] }> | null;
    today_items: Array<{ measure: string; dim: string; n: number }> | null;
    days_to_allocation: string | null;
    handovers_per_case: string | null;
    medians: Array<{ service_id: string | null; median: number | null }> | null;
    hours: string;
    allocated: number;
  }> = await ds.query(
    `WITH c AS (SELECT grain, day, dim, day2, n, total, days FROM rm_dashboard_counts WHERE scope = $1 AND (${windows}))
     SELECT
       (SELECT json_agg(json_build_object('grain', grain, 'day', day, 'dim', dim, 'day2', day2, 'n', n, 'total', total) ORDER BY dim) FROM c) AS rows,
       -- Deadlines of today already past: the part of today a day's count cannot give.
       (SELECT json_agg(t) FROM (
          SELECT measure, dim, count(*)::int AS n FROM rm_dashboard_items
           WHERE scope = $1 AND measure IN ('rev-due@', 'rev-pending@', 'd91-due@', 'inp-unresp@', 'sg-undecided@')
             AND at >= ($5::date::timestamp AT TIME ZONE 'Europe/London') AND at < $6::timestamptz
             AND (measure = 'rev-pending@' OR day BETWEEN $3::date AND $4::date)
           GROUP BY measure, dim) t) AS today_items,
       -- Summed and divided by PostgreSQL as the old avg() did, so the same numbers.
       (SELECT sum(days) / nullif(sum(n[${pgIndex('first-alloc')}]), 0) FROM c WHERE ${rowsOf(period)}) AS days_to_allocation,
       (SELECT ${live('total')} / nullif(${live('n')}, 0) FROM c) AS handovers_per_case,
       -- The median response time: a median is not a sum, so one row per answered input.
       (SELECT json_agg(m) FROM (
          SELECT dim AS service_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM until - at) / 3600) AS median
            FROM rm_dashboard_items WHERE scope = $1 AND measure = 'inp-hours' AND day BETWEEN $3::date AND $4::date
           GROUP BY ROLLUP (dim)) m) AS medians,
       -- Hours held against each team's capacity (the team-hours read of GET /api/teams/:id/capacity,
       -- kept as a count of now per team), whichever locality the resident's case is in.
       h.hours, h.allocated
     FROM (SELECT coalesce(sum(t.hours_capacity), 0) AS hours, (coalesce(sum(k.total[${pgIndex('home-hours')}]), 0) / 100.0)::float AS allocated
             FROM teams t LEFT JOIN rm_dashboard_counts k
               ON k.scope = '${BOROUGH}' AND k.grain = 'n' AND k.day = '-infinity' AND k.dim = t.id AND k.day2 = '-infinity'
            WHERE t.kind = 'wellbeing' AND ($2::text IS NULL OR t.locality_id = $2)) h`,
    params,
  );
  const rows: CountRow[] = result.rows ?? [];
  const todayItems = result.today_items ?? [];
  const medians = result.medians ?? [];
  const capacity = { hours: result.hours, allocated: result.allocated };
  const dueToday = (measure: string, dim?: string) =>
    todayItems.filter((i) => i.measure === measure && (dim === undefined || i.dim === dim)).reduce((a, i) => a + Number(i.n), 0);

  const now = new Map<string, Sums>();
  for (const r of rows.filter((x) => x.grain === 'n')) {
    let s = now.get(r.dim);
    if (!s) now.set(r.dim, (s = zero()));
    addRow(s, r, today);
  }
  const inPeriod = sumRange(rows, period, today);
  const p = all(inPeriod);
  const nowAll = all(now);
  const afterPeriod = all(sumRange(rows, onwards(addDays(last, 1)), today));
  const fromToday = all(sumRange(rows, onwards(today), today));
  const fromLater = all(sumRange(rows, onwards(maxDay(first, today)), today));
  // Due in the period and already due: the period less its days from today on, plus today's items before now.
  const alreadyDue = (m: keyof typeof MEASURE_INDEX) => p.n[M[m]] - (today <= last ? fromLater.n[M[m]] - afterPeriod.n[M[m]] : 0);

  const get = (s: Sums, m: keyof typeof MEASURE_INDEX) => s.n[M[m]];
  const caseloadRows = [...now.values()].filter((s) => get(s, 'caseload') > 0).length;
  const cases = {
    open_cases: get(nowAll, 'open'),
    unallocated: get(nowAll, 'unallocated'),
    opened: get(p, 'opened'),
    days_to_allocation: result.days_to_allocation,
    handovers_per_case: result.handovers_per_case,
    caseload: caseloadRows === 0 ? null : get(nowAll, 'caseload') / caseloadRows,
  };
  const plans = { agreed: get(p, 'plan-agreed') };
  const reviews = {
    due: get(p, 'rev-due'),
    overdue: get(nowAll, 'rev-pending') - get(fromToday, 'rev-pending') + dueToday('rev-pending@'),
    came_due: alreadyDue('rev-due') + dueToday('rev-due@'),
    on_time: get(p, 'rev-on-time'),
  };
  const inputRow = (serviceId: string | null): Record<string, unknown> => {
    const s = serviceId === null ? p : dimOf(inPeriod, serviceId);
    const open = serviceId === null ? nowAll : dimOf(now, serviceId);
    return {
      service_id: serviceId,
      requested: get(s, 'inp-req'),
      brokered: get(s, 'inp-mode-brokered'),
      joint_visit: get(s, 'inp-mode-joint-visit'),
      formal: get(s, 'inp-mode-formal-referral'),
      median_response_hours: medians.find((r) => r.service_id === serviceId)?.median ?? null,
      within_target: get(s, 'inp-in-time'),
      answerable: get(s, 'inp-responded') + s.due[M['inp-unresp']] + dueToday('inp-unresp@', serviceId ?? undefined),
      outstanding: get(open, 'inp-outstanding'),
    };
  };
  const services = [...now.entries()].filter(([dim, s]) => dim !== '' && get(s, 'inp-any') > 0).map(([dim]) => dim);
  const inputs = [inputRow(null), ...services.map(inputRow)];
  const sg = {
    raised: get(p, 'sg-raised'),
    decided_in_time: get(p, 'sg-in-time'),
    decisions_due: get(p, 'sg-decided') + p.due[M['sg-undecided']] + dueToday('sg-undecided@'),
    open_enquiries: get(nowAll, 'sg-open'),
    concluded: get(p, 'sg-concluded'),
    asked: get(p, 'sg-asked'),
    met_fully: get(p, 'sg-met-fully'),
    met_partially: get(p, 'sg-met-partially'),
    met_not: get(p, 'sg-met-not'),
    risk_removed: get(p, 'sg-risk-removed'),
    risk_reduced: get(p, 'sg-risk-reduced'),
    risk_remains: get(p, 'sg-risk-remains'),
  };
  const discharges = {
    discharges: get(p, 'discharged'),
    welfare_done: get(p, 'welfare-done'),
    checks_due: alreadyDue('d91-due') + dueToday('d91-due@'),
    at_home: get(p, 'd91-home'),
  };
  const n = (v: unknown) => Number(v ?? 0);
  const pct = (a: unknown, b: unknown) => (n(b) === 0 ? null : round((100 * n(a)) / n(b)));
  const m = (value: number | null, definition: string): Measure => ({ value, definition });
  const inputMeasures = (r: Record<string, unknown>) => ({
    requested: m(n(r.requested), 'Specialist inputs requested in the period.'),
    brokered: m(n(r.brokered), 'Requested in the period as a brokered conversation.'),
    jointVisits: m(n(r.joint_visit), 'Requested in the period as a joint visit.'),
    formalReferrals: m(n(r.formal), 'Requested in the period as a formal referral.'),
    brokeredPerFormalReferral: m(n(r.formal) === 0 ? null : round(n(r.brokered) / n(r.formal), 2), 'Brokered conversations per formal referral, requested in the period (null with no referrals).'),
    medianResponseHours: m(round(r.median_response_hours), 'Median hours from request to first answer (accept or decline), requested in the period.'),
    withinTargetPercent: m(pct(r.within_target, r.answerable), '% of inputs requested in the period and answered or past due that were answered by their respond-by time.'),
    outstanding: m(n(r.outstanding), 'Inputs requested or accepted and not yet delivered, declined or withdrawn (now).'),
  });
  const total = inputs.find((r) => r.service_id === null) ?? {};
  const concluded = n(sg.concluded);
  const asked = n(sg.asked);
  const met = { outcomesMetFully: n(sg.met_fully), outcomesMetPartially: n(sg.met_partially), outcomesNotMet: n(sg.met_not) };
  const risk = { riskRemoved: n(sg.risk_removed), riskReduced: n(sg.risk_reduced), riskRemains: n(sg.risk_remains) };
  const hidden = options.smallOutcomeCounts
    ? new Set<string>()
    : new Set([
        ...suppressedCells(met, asked),
        ...suppressedCells(risk, concluded),
        ...(isSmall(concluded) || isSmall(asked) || isSmall(concluded - asked) ? ['desiredOutcomesAskedPercent'] : []),
      ]);
  const outcome = (key: string, value: number | null, definition: string): Measure => (hidden.has(key) ? { value: null, suppressed: true, definition } : m(value, definition));
  return {
    openCases: m(n(cases.open_cases), 'Cases open now.'),
    unallocatedCases: m(n(cases.unallocated), 'Open cases with no named coordinator now.'),
    casesOpened: m(n(cases.opened), 'Cases opened in the period.'),
    averageDaysToAllocation: m(round(cases.days_to_allocation), 'Mean days from opening to first coordinator, for first allocations in the period.'),
    handoversPerCase: m(round(cases.handovers_per_case, 2), 'Hand-offs per case (accepted hand-overs, and coordinators replaced by the receiving locality after a transfer), over cases open at any time in the period (lifetime count).'),
    averageCaseload: m(round(cases.caseload), 'Open allocated cases per coordinator holding any (now).'),
    plansAgreed: m(n(plans.agreed), 'Care plan versions agreed with the resident in the period.'),
    reviewsDue: m(n(reviews.due), 'Care plan reviews falling due in the period.'),
    reviewsOverdue: m(n(reviews.overdue), 'Care plan reviews past due and not done (now).'),
    reviewsOnTimePercent: m(pct(reviews.on_time, reviews.came_due), '% of reviews due in the period (and already due) done by their due time.'),
    specialistInputs: inputMeasures(total),
    specialistInputsByService: inputs.filter((r) => r.service_id !== null).map((r) => ({ serviceId: r.service_id as string, ...inputMeasures(r) })),
    safeguardingConcernsRaised: m(n(sg.raised), 'Safeguarding concerns raised in the period.'),
    safeguardingDecisionsWithinTargetPercent: m(pct(sg.decided_in_time, sg.decisions_due), '% of concerns raised in the period (decided or past due) decided by their due time.'),
    openEnquiries: m(n(sg.open_enquiries), 'Section 42 enquiries open now.'),
    enquiriesConcluded: m(n(sg.concluded), 'Section 42 enquiries concluded in the period.'),
    desiredOutcomesAskedPercent: outcome('desiredOutcomesAskedPercent', pct(sg.asked, sg.concluded), "Making Safeguarding Personal: % of enquiries concluded in the period where the person's desired outcomes were asked."),
    outcomesMetFully: outcome('outcomesMetFully', met.outcomesMetFully, 'Enquiries concluded in the period with desired outcomes fully met.'),
    outcomesMetPartially: outcome('outcomesMetPartially', met.outcomesMetPartially, 'Enquiries concluded in the period with desired outcomes partially met.'),
    outcomesNotMet: outcome('outcomesNotMet', met.outcomesNotMet, 'Enquiries concluded in the period with desired outcomes not met.'),
    riskRemoved: outcome('riskRemoved', risk.riskRemoved, 'Enquiries concluded in the period with the risk removed.'),
    riskReduced: outcome('riskReduced', risk.riskReduced, 'Enquiries concluded in the period with the risk reduced.'),
    riskRemains: outcome('riskRemains', risk.riskRemains, 'Enquiries concluded in the period with the risk remaining.'),
    discharges: m(n(discharges.discharges), 'Hospital discharges in the period.'),
    welfareChecksDone: m(n(discharges.welfare_done), 'Post-discharge welfare checks completed in the period.'),
    stillAtHomeAt91DaysPercent: m(pct(discharges.at_home, discharges.checks_due), '% of 91-day checks (reablement, pathway 1) due in the period whose outcome was recorded as at-home (ASCOF 2B(1)); a check completed without an outcome (before outcomes were recorded) does not count as at home.'),
    wellbeingHoursAllocated: m(n(capacity.allocated), 'Home-care hours a week the Wellbeing Teams in scope have allocated to open cases (now).'),
    wellbeingHoursCapacity: m(n(capacity.hours), 'Weekly hours capacity of the Wellbeing Teams in scope.'),
    wellbeingHoursAllocatedPercent: m(pct(capacity.allocated, capacity.hours), 'Allocated hours as a % of capacity (now).'),
    contactsResolvedAtFirstConversationPercent: m(null, 'Front-door contacts resolved at the first conversation: not yet recorded by this service.'),
  };
}
