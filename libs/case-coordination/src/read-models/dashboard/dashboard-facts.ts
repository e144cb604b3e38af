import { DateTime } from 'luxon';
import { LONDON } from '../../calendar/england-working-calendar';
import { isPendingStatus, type FollowUpStatus } from '../../domain/follow-up-status';
import type { EventInContext } from '../../projections/row-projection';
import { evolveCaseListRow, type CaseListRow } from '../case-list/case-list.projection';
import { safeguardingRegisterSpec, type SafeguardingConcernRow } from '../safeguarding-register/safeguarding-register.projection';
import { specialistInputsSpec, type SpecialistInputRow } from '../specialist-inputs/specialist-inputs.projection';
import { followUpsSpec, type FollowUpRow } from '../worklist/follow-ups.projection';
import { dischargesSpec } from './discharges.projection';

// The dashboard's projection (issue 18): what it keeps of each case, and what each case
// adds to the counts. The facts are the other read models' own folds (case list,
// follow-ups, specialist inputs, safeguarding register, discharges: their evolve
// functions, so the semantics are theirs by construction) reduced to the fields the
// measures count: ids, codes, statuses and times, no personal data (no names, no text).

const REVIEW_KINDS = new Set(['care-plan-first-review', 'care-plan-review']);
const WELFARE_CHECK = 'post-discharge-welfare-check';
const CHECK_91_DAYS = 'reablement-91-day-check';
const COUNTED_FOLLOW_UPS = new Set([...REVIEW_KINDS, WELFARE_CHECK, CHECK_91_DAYS]);
const PLAN_EVENTS = new Set(['CarePlanDrafted', 'CarePlanAgreed', 'CarePlanReviewed', 'CarePlanActionCompleted', 'GoalAchieved']);

/** The case list's events that change a field kept here (the others leave them as they are). */
const CASE_EVENTS = new Set(['CaseOpened', 'CoordinatorAssigned', 'CaseTransferred', 'CaseClosed', 'CaseReopened', 'HomeCareSet']);
const CASE_FIELDS = ['localityId', 'status', 'coordinatorId', 'openedAt', 'firstAllocatedAt', 'closedAt', 'handovers', 'homeCareTeamId', 'homeCareHours'] as const;
const FOLLOW_UP_FIELDS = ['kind', 'dueAt', 'status', 'completedAt', 'outcome'] as const;
const INPUT_FIELDS = ['serviceId', 'mode', 'status', 'requestedAt', 'respondBy', 'respondedAt'] as const;
const CONCERN_FIELDS = ['status', 'raisedAt', 'decisionDueBy', 'decidedAt', 'concludedAt', 'outcome', 'desiredOutcomesAsked', 'outcomesMet'] as const;

export type CaseFactsCase = Pick<CaseListRow, (typeof CASE_FIELDS)[number]>;
export type FollowUpFacts = Pick<FollowUpRow, (typeof FOLLOW_UP_FIELDS)[number]>;
export type InputFacts = Pick<SpecialistInputRow, (typeof INPUT_FIELDS)[number]>;
export type ConcernFacts = Pick<SafeguardingConcernRow, (typeof CONCERN_FIELDS)[number]>;

export interface CaseFacts {
  case: CaseFactsCase;
  /** Plan version -> when it was agreed (null: drafted, not agreed). */
  plans: Record<string, string | null>;
  followUps: Record<string, FollowUpFacts>;
  inputs: Record<string, InputFacts>;
  concerns: Record<string, ConcernFacts>;
  /** Discharge id -> discharged at. */
  discharges: Record<string, string>;
}

function pick<T extends object, K extends keyof T>(row: T, fields: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const f of fields) out[f] = row[f] ?? (null as T[K]);
  return out;
}

/** One item (follow-up, input, concern, discharge) kept by id, folded by its read model's own evolve. */
function foldItem<Row extends { version: number }, Kept>(
  items: Record<string, Kept>,
  id: string,
  evolve: (row: Row | null, e: EventInContext) => Row | null,
  e: EventInContext,
  keep: (row: Row) => Kept | null,
): Record<string, Kept> {
  const current = items[id] === undefined ? null : ({ ...items[id], version: -1 } as unknown as Row);
  const next = evolve(current, e);
  const kept = next ? keep(next) : null;
  if (kept === null && current === null) return items;
  const out = { ...items };
  if (kept === null) delete out[id];
  else out[id] = kept;
  return out;
}

/**
 * The event as the fold needs it: the personal data the read models' evolves read (the
 * resident, who raised a concern) replaced by blanks, so none of it enters the facts, and
 * an erased case's events (personal fields shredded, issue 16) fold the same way.
 */
function withoutPersonalData(e: EventInContext): EventInContext {
  const ev = e.event;
  if (ev.type === 'CaseOpened') return { ...e, event: { ...ev, data: { ...ev.data, resident: { givenName: '', familyName: '' } } } as typeof ev };
  if (ev.type === 'SafeguardingConcernRaised') return { ...e, event: { ...ev, data: { ...ev.data, raisedBy: { id: '', name: '' }, summary: '' } } as typeof ev };
  return e;
}

/** The case's facts after one of its events; null until the case is opened. */
export function foldCaseFacts(facts: CaseFacts | null, event: EventInContext): CaseFacts | null {
  // Erasure (issue 16) blanks the other read models' personal data; the counts are not
  // personal data and stay as they were (as the old dashboard's did), so the event changes
  // nothing here. A correction of the resident's details changes nothing counted.
  const type = event.event.type as string;
  if (type === 'CaseErased' || type === 'ResidentDetailsCorrected') return facts;
  const e = withoutPersonalData(event);
  let next: CaseFacts;
  if (facts && !CASE_EVENTS.has(type)) next = { ...facts };
  else {
    const row = evolveCaseListRow(facts ? (facts.case as CaseListRow) : null, e);
    if (!row) return null;
    next = facts ? { ...facts, case: pick(row, CASE_FIELDS) } : { case: pick(row, CASE_FIELDS), plans: {}, followUps: {}, inputs: {}, concerns: {}, discharges: {} };
  }
  const ev = e.event;
  if (PLAN_EVENTS.has(ev.type)) {
    // As rm_care_plan_versions: a draft (re)starts its version unagreed; agreeing needs the draft.
    const v = String((ev.data as { planVersion: number }).planVersion);
    if (ev.type === 'CarePlanDrafted') next.plans = { ...next.plans, [v]: null };
    else if (ev.type === 'CarePlanAgreed' && v in next.plans) next.plans = { ...next.plans, [v]: ev.data.agreedAt };
  }
  const [followUp] = followUpsSpec.keys(e);
  if (followUp)
    next.followUps = foldItem(next.followUps, followUp.followUpId as string, followUpsSpec.evolve, e, (r) => (COUNTED_FOLLOW_UPS.has(r.kind) ? pick(r, FOLLOW_UP_FIELDS) : null));
  const [input] = specialistInputsSpec.keys(e);
  if (input) next.inputs = foldItem(next.inputs, input.inputId as string, specialistInputsSpec.evolve, e, (r) => pick(r, INPUT_FIELDS));
  const [concern] = safeguardingRegisterSpec.keys(e);
  if (concern) next.concerns = foldItem(next.concerns, concern.concernId as string, safeguardingRegisterSpec.evolve, e, (r) => pick(r, CONCERN_FIELDS));
  const [discharge] = dischargesSpec.keys(e);
  const recorded = discharge ? dischargesSpec.evolve(null, e) : null;
  if (recorded) next.discharges = { ...next.discharges, [recorded.dischargeId]: recorded.dischargedAt };
  return next;
}

// ------------------------------------------------------------------ days

const HOUR = 3_600_000;
const offsets = new Map<number, number>();

const dates = new Map<string, string>();

/**
 * The Europe/London calendar date of an instant (YYYY-MM-DD). Remembered per instant, and
 * the offset per UTC hour (London changes offset only on the hour), so a rebuild is not
 * spent in time-zone arithmetic.
 */
export function londonDate(iso: string): string {
  let date = dates.get(iso);
  if (date === undefined) {
    date = londonDateOf(iso);
    if (dates.size > 200_000) dates.clear();
    dates.set(iso, date);
  }
  return date;
}

function londonDateOf(iso: string): string {
  const ms = Date.parse(iso);
  const hour = Math.floor(ms / HOUR);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    offset = DateTime.fromMillis(hour * HOUR, { zone: LONDON }).offset * 60_000;
    if (offsets.size > 200_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return new Date(ms + offset).toISOString().slice(0, 10);
}

export const monthOf = (day: string): string => `${day.slice(0, 7)}-01`;

// ------------------------------------------------------------------ contributions

/**
 * Every count, in the order of the count arrays' elements (rm_dashboard_counts.n/total).
 * Append only: a stored row's arrays are read by position (shorter ones as zeros after).
 */
export const MEASURES = [
  'open',
  'unallocated',
  'caseload',
  'home-hours',
  'opened',
  'first-alloc',
  'live-o',
  'live-c',
  'live-odd',
  'plan-agreed',
  'rev-due',
  'rev-on-time',
  'rev-pending',
  'welfare-done',
  'd91-due',
  'd91-home',
  'inp-any',
  'inp-req',
  'inp-mode-brokered',
  'inp-mode-joint-visit',
  'inp-mode-formal-referral',
  'inp-responded',
  'inp-in-time',
  'inp-unresp',
  'inp-outstanding',
  'sg-raised',
  'sg-decided',
  'sg-in-time',
  'sg-undecided',
  'sg-open',
  'sg-concluded',
  'sg-asked',
  'sg-met-fully',
  'sg-met-partially',
  'sg-met-not',
  'sg-risk-removed',
  'sg-risk-reduced',
  'sg-risk-remains',
  'discharged',
] as const;
export type Measure = (typeof MEASURES)[number];
export const MEASURE_INDEX: Readonly<Record<Measure, number>> = Object.fromEntries(MEASURES.map((m, i) => [m, i])) as Record<Measure, number>;

/** No date: a count of now (open cases, outstanding inputs...). */
export const NO_DAY = '-infinity';
/** Counts of the borough: every case adds to its locality's and to this scope's. */
export const BOROUGH = '*';

export interface CountContribution {
  scope: string;
  measure: Measure;
  dim: string;
  day: string;
  day2: string;
  /** Kept by day only (no month, no "all ever"): a case closed on a day before it opened. */
  odd: boolean;
  n: number;
  /** An exact integer (hand-overs, hundredths of an hour). */
  total: number;
  /** Adds extract(epoch FROM to - from) / 86400 to the total, computed by PostgreSQL as the old query did. */
  span: [string, string] | null;
}

export interface ItemContribution {
  scope: string;
  measure: string;
  itemId: string;
  dim: string;
  day: string;
  at: string;
  until: string | null;
}

export interface Contributions {
  counts: CountContribution[];
  items: ItemContribution[];
}

const before = (a: string, b: string) => Date.parse(a) <= Date.parse(b);

/**
 * What one case adds to the dashboard's tables: counts per (scope, measure, dim, day,
 * day2) and, for what a count cannot answer exactly, items. The projection keeps the
 * tables equal to the sum of these over all cases by subtracting a case's old
 * contributions and adding its new ones whenever its events arrive.
 *
 * - "now" counts (open, unallocated, caseload per coordinator, outstanding inputs, open
 *   enquiries, hours per team) have day NO_DAY;
 * - counts "in the period" are per London day of the instant the old query compared (the
 *   projection adds each to its day's row and its month's row);
 * - "open at any time in the period" (hand-overs per case): opened and closed, by day and
 *   all ever (the query takes all opened less those opened after `to`, less all closed
 *   but those closed from `from` on); a case closed on a day before the one it opened on
 *   (never written by the decider) is kept with both days (live-odd);
 * - "already due" (reviews and 91-day checks due in the period and before now, inputs and
 *   decisions answered or past their deadline): counts by day (and deadline day), plus an
 *   item per deadline, read only for the deadlines of today, the one day whose part
 *   before now a day count cannot give;
 * - the median response time: an item per answered input (a median is not a sum).
 */
export function contributions(facts: CaseFacts | null): Contributions {
  const out: Contributions = { counts: [], items: [] };
  if (!facts) return out;
  const c = facts.case;
  const scopes = [c.localityId, BOROUGH];
  const count = (measure: Measure, day: string, o: { dim?: string; day2?: string; total?: number; span?: [string, string]; scopes?: string[]; odd?: true } = {}) => {
    for (const scope of o.scopes ?? scopes)
      out.counts.push({ scope, measure, dim: o.dim ?? '', day, day2: o.day2 ?? NO_DAY, n: 1, total: o.total ?? 0, span: o.span ?? null, odd: o.odd ?? false });
  };
  const item = (measure: string, itemId: string, day: string, at: string, o: { dim?: string; until?: string } = {}) => {
    for (const scope of scopes) out.items.push({ scope, measure, itemId, dim: o.dim ?? '', day, at, until: o.until ?? null });
  };

  // The case list's measures.
  if (c.status === 'open') {
    count('open', NO_DAY);
    if (c.coordinatorId === null) count('unallocated', NO_DAY);
    else count('caseload', NO_DAY, { dim: c.coordinatorId });
    if (c.homeCareTeamId !== null) count('home-hours', NO_DAY, { dim: c.homeCareTeamId, total: Math.round(Number(c.homeCareHours) * 100), scopes: [BOROUGH] });
  }
  const opened = londonDate(c.openedAt);
  count('opened', opened);
  if (c.firstAllocatedAt !== null) count('first-alloc', londonDate(c.firstAllocatedAt), { span: [c.openedAt, c.firstAllocatedAt] });
  const closed = c.closedAt === null ? null : londonDate(c.closedAt);
  // All ever (NO_DAY) and by day: the query takes "opened by `to`" as all opened less those
  // opened after `to`, and "closed before `from`" likewise, so it reads days after the
  // period, not the whole history.
  if (closed === null || closed >= opened) {
    count('live-o', opened, { total: c.handovers });
    count('live-o', NO_DAY, { total: c.handovers });
    if (closed !== null) {
      count('live-c', closed, { total: c.handovers });
      count('live-c', NO_DAY, { total: c.handovers });
    }
  } else count('live-odd', opened, { day2: closed, total: c.handovers, odd: true });

  for (const agreedAt of Object.values(facts.plans)) if (agreedAt !== null) count('plan-agreed', londonDate(agreedAt));

  for (const [id, f] of Object.entries(facts.followUps)) {
    const due = londonDate(f.dueAt);
    const status = f.status as FollowUpStatus;
    if (REVIEW_KINDS.has(f.kind)) {
      if (status !== 'cancelled') {
        count('rev-due', due);
        item('rev-due@', id, due, f.dueAt);
      }
      if (status === 'completed' && f.completedAt !== null && before(f.completedAt, f.dueAt)) count('rev-on-time', due);
      if (isPendingStatus(status)) {
        count('rev-pending', due);
        count('rev-pending', NO_DAY);
        item('rev-pending@', id, due, f.dueAt);
      }
    } else if (f.kind === WELFARE_CHECK) {
      if (status === 'completed' && f.completedAt !== null) count('welfare-done', londonDate(f.completedAt));
    } else if (f.kind === CHECK_91_DAYS && status !== 'cancelled') {
      count('d91-due', due);
      item('d91-due@', id, due, f.dueAt);
      if (status === 'completed' && f.outcome === 'at-home') count('d91-home', due);
    }
  }

  for (const [id, i] of Object.entries(facts.inputs)) {
    const dim = i.serviceId;
    const requested = londonDate(i.requestedAt);
    count('inp-any', NO_DAY, { dim });
    count('inp-req', requested, { dim });
    if (i.mode === 'brokered' || i.mode === 'joint-visit' || i.mode === 'formal-referral') count(`inp-mode-${i.mode}` as const, requested, { dim });
    if (i.respondedAt !== null) {
      count('inp-responded', requested, { dim });
      if (i.respondBy !== null && before(i.respondedAt, i.respondBy)) count('inp-in-time', requested, { dim });
      item('inp-hours', id, requested, i.requestedAt, { dim, until: i.respondedAt });
    } else if (i.respondBy !== null) {
      count('inp-unresp', requested, { dim, day2: londonDate(i.respondBy) });
      item('inp-unresp@', id, requested, i.respondBy, { dim });
    }
    if (i.status === 'requested' || i.status === 'accepted') count('inp-outstanding', NO_DAY, { dim });
  }

  for (const [id, s] of Object.entries(facts.concerns)) {
    const raised = londonDate(s.raisedAt);
    count('sg-raised', raised);
    if (s.decidedAt !== null) {
      count('sg-decided', raised);
      if (s.decisionDueBy !== null && before(s.decidedAt, s.decisionDueBy)) count('sg-in-time', raised);
    } else if (s.decisionDueBy !== null) {
      count('sg-undecided', raised, { day2: londonDate(s.decisionDueBy) });
      item('sg-undecided@', id, raised, s.decisionDueBy);
    }
    if (s.status === 'enquiry-open') count('sg-open', NO_DAY);
    if (s.concludedAt !== null) {
      const concluded = londonDate(s.concludedAt);
      count('sg-concluded', concluded);
      if (s.desiredOutcomesAsked === true) count('sg-asked', concluded);
      if (s.outcomesMet === 'fully' || s.outcomesMet === 'partially' || s.outcomesMet === 'not') count(`sg-met-${s.outcomesMet}` as const, concluded);
      if (s.outcome === 'risk-removed' || s.outcome === 'risk-reduced' || s.outcome === 'risk-remains') count(`sg-${s.outcome}` as const, concluded);
    }
  }

  for (const dischargedAt of Object.values(facts.discharges)) count('discharged', londonDate(dischargedAt));
  return out;
}
