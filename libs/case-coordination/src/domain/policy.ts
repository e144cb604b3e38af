import type { Urgency } from './commands';
import type { WorkingCalendar } from './context';
import { addIsoDuration, parseIsoDuration } from './iso-duration';

export const FOLLOW_UP_KINDS = [
  'allocate-coordinator',
  'accept-handover',
  'specialist-input-crisis',
  'specialist-input-urgent',
  'specialist-input-routine',
  'safeguarding-decision-high',
  'safeguarding-decision',
  'section42-enquiry',
  'safeguarding-flag-review',
  'care-plan-first-review',
  'care-plan-review',
  'care-plan-action',
  'post-discharge-welfare-check',
  'reablement-91-day-check',
  // v1.1 record, part A
  'discharge-planning',
] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

/** Kinds a person ticks off by hand: nothing else in the case records that they happened. */
export const MANUALLY_COMPLETED_KINDS: readonly FollowUpKind[] = [
  'post-discharge-welfare-check',
  'reablement-91-day-check',
];

// --- v1.1 record, part A: what a check found (API.md "The record, completed").
/** What a hand-completed check records: whether the resident is still at home at 91 days (ASCOF 2B(1)), how the welfare call found them. */
export const FOLLOW_UP_OUTCOMES = {
  'reablement-91-day-check': ['at-home', 'not-at-home'],
  'post-discharge-welfare-check': ['well', 'concerns', 'no-contact'],
} as const satisfies Partial<Record<FollowUpKind, readonly string[]>>;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[keyof typeof FOLLOW_UP_OUTCOMES][number];
export const ALL_FOLLOW_UP_OUTCOMES: readonly FollowUpOutcome[] = Object.values(FOLLOW_UP_OUTCOMES).flat();
// --- end v1.1 record, part A

export type Duration = { workingDays: number } | { hours: number } | { days: number } | { iso: string };

/**
 * Every key that sets a due time. `care-plan-action` is absent on purpose: its
 * due time is the action's own date, chosen with the resident, not a policy.
 */
export type PolicyKey = Exclude<FollowUpKind, 'care-plan-action'> | 'escalation-grace';
export type FollowUpPolicy = Record<PolicyKey, Duration> & ServiceTargets;

// --- v1.1 record, part A: response targets differ by service.
/** `specialist-input-<urgency>:<serviceId>`: one service's response target, over the urgency's own key. */
export type ServiceTargetKey = `specialist-input-${Urgency}:${string}`;
export type ServiceTargets = { [key: ServiceTargetKey]: Duration | undefined };
const SERVICE_TARGET_KEY = /^specialist-input-(crisis|urgent|routine):[a-z0-9][a-z0-9-]{0,99}$/;

/**
 * DOMAIN.md's figures where they name a service (the papers and national ambitions):
 * crisis response within 2 hours, reablement within 2 days, alcohol assessment within
 * 2 weeks, a mental health crisis (Open Dialogue) first meeting within 24 hours. Every
 * other service and urgency keeps the urgency's own target.
 */
export const DEFAULT_SERVICE_RESPONSE_TARGETS: Readonly<ServiceTargets> = Object.freeze({
  'specialist-input-crisis:dementia-crisis': { hours: 2 },
  'specialist-input-crisis:mental-health': { hours: 24 },
  'specialist-input-urgent:reablement': { workingDays: 2 },
  'specialist-input-routine:reablement': { workingDays: 2 },
  'specialist-input-urgent:drug-alcohol': { workingDays: 10 },
  'specialist-input-routine:drug-alcohol': { workingDays: 10 },
});

/** The time a service has to answer a request of this urgency under the policy in force. */
export function responseTarget(policy: Readonly<FollowUpPolicy>, urgency: Urgency, serviceId: string): Duration {
  return policy[`specialist-input-${urgency}:${serviceId}`] ?? policy[`specialist-input-${urgency}`];
}
// --- end v1.1 record, part A

export const DEFAULT_FOLLOW_UP_POLICY: Readonly<FollowUpPolicy> = Object.freeze({
  'allocate-coordinator': { workingDays: 2 },
  'accept-handover': { workingDays: 2 },
  'specialist-input-crisis': { hours: 2 },
  'specialist-input-urgent': { workingDays: 2 },
  'specialist-input-routine': { workingDays: 10 },
  'safeguarding-decision-high': { workingDays: 1 },
  'safeguarding-decision': { workingDays: 2 },
  'section42-enquiry': { workingDays: 20 },
  'safeguarding-flag-review': { iso: 'P6M' },
  'care-plan-first-review': { iso: 'P8W' },
  'care-plan-review': { iso: 'P12M' },
  'post-discharge-welfare-check': { days: 3 },
  'reablement-91-day-check': { days: 91 },
  // v1.1 record, part A: the coordinator and the Wellbeing Team lead discharge planning from the admission.
  'discharge-planning': { workingDays: 1 },
  // A working day for the team manager to see it before it is escalated.
  'escalation-grace': { workingDays: 1 },
  ...DEFAULT_SERVICE_RESPONSE_TARGETS,
});

const POLICY_KEYS = (Object.keys(DEFAULT_FOLLOW_UP_POLICY) as PolicyKey[]).filter((k) => !SERVICE_TARGET_KEY.test(k));

/** When a follow-up governed by `duration` and started at `from` falls due. */
export function dueAt(from: Date, duration: Duration, calendar: WorkingCalendar): Date {
  if ('workingDays' in duration) return calendar.addWorkingDays(from, duration.workingDays);
  if ('hours' in duration) return new Date(from.getTime() + duration.hours * 3_600_000);
  // Plain 24-hour days: "within 3 days of discharge" is elapsed time, not the calendar.
  if ('days' in duration) return new Date(from.getTime() + duration.days * 86_400_000);
  const parts = parseIsoDuration(duration.iso);
  if (!parts) throw new Error(`Invalid ISO 8601 duration in follow-up policy: ${duration.iso}`);
  return addIsoDuration(from, parts);
}

export type PolicyParseResult = { ok: true; policy: FollowUpPolicy } | { ok: false; errors: string[] };

/**
 * Validates an operator's override file (already JSON-parsed) and merges it over
 * the defaults. Every problem is reported, one line each, so a bad file can be
 * fixed in one go before the process starts.
 */
export function parsePolicyOverrides(json: unknown): PolicyParseResult {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, errors: ['follow-up policy: expected a JSON object of follow-up kinds to durations'] };
  }
  const errors: string[] = [];
  const policy: FollowUpPolicy = { ...DEFAULT_FOLLOW_UP_POLICY };
  for (const [key, value] of Object.entries(json)) {
    if (key === 'care-plan-action') {
      errors.push(`follow-up policy: "care-plan-action" cannot be set; it is due on the action's own date`);
      continue;
    }
    if (!(POLICY_KEYS as string[]).includes(key) && !SERVICE_TARGET_KEY.test(key)) {
      errors.push(`follow-up policy: unknown key "${key}"; expected one of ${POLICY_KEYS.join(', ')}, or specialist-input-<crisis|urgent|routine>:<service id>`);
      continue;
    }
    const parsed = parseDuration(value);
    if (typeof parsed === 'string') errors.push(`follow-up policy: "${key}" ${parsed}`);
    else policy[key as PolicyKey | ServiceTargetKey] = parsed;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, policy };
}

const DURATION_FORMS =
  'must be {"workingDays": n}, {"hours": n}, {"days": n} or an ISO 8601 duration such as "PT3S"';

/** A valid Duration, or the reason it is not one. */
function parseDuration(value: unknown): Duration | string {
  if (typeof value === 'string') {
    return parseIsoDuration(value) ? { iso: value } : `has an invalid ISO 8601 duration "${value}"; ${DURATION_FORMS}`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return DURATION_FORMS;
  const entries = Object.entries(value);
  if (entries.length !== 1) return DURATION_FORMS;
  const [unit, amount] = entries[0];
  if (unit === 'iso') return parseDuration(amount);
  if (unit !== 'workingDays' && unit !== 'hours' && unit !== 'days') return DURATION_FORMS;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    return `must have a non-negative number of ${unit}`;
  }
  if (unit === 'workingDays' && !Number.isInteger(amount)) return 'must have a whole number of workingDays';
  return { [unit]: amount } as Duration;
}
