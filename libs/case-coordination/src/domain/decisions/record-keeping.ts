import type { AddNote, GrantConsentOverride, LiftConsentOverride, RecordConsent, RecordDischarge, RecordHospitalAdmission, SetHomeCare } from '../commands';
import type { DecisionContext } from '../context';
import {
  AlreadyAdmitted,
  ConsentOverrideExists,
  DischargeBeforeAdmission,
  InvalidHomeCareHours,
  NoConsentOverride,
  NoSafeguardingFlag,
  NotAdmitted,
  TeamOverCapacity,
} from '../errors';
import type { CaseEvent } from '../events';
import type { CaseState } from '../state';
import { Decision } from './decision';
import { completeFollowUps, dueFromPolicy, scheduleFollowUp } from './follow-up-helpers';

/**
 * Consent is decided per organisation (DOMAIN.md): each recording is the decision for the
 * organisations it lists, and every other organisation keeps the decision it had.
 */
export function recordConsent({ data }: RecordConsent, _state: CaseState, ctx: DecisionContext): CaseEvent[] {
  return [
    {
      type: 'ConsentRecorded',
      data: {
        status: data.status,
        organisations: [...new Set(data.organisations)],
        note: data.note ?? null,
        recordedAt: ctx.now.toISOString(),
        perOrganisation: true,
      },
    },
  ];
}

// --- issue 13, part B: the safeguarding override of a consent refusal ---

/**
 * Safeguarding can override a refusal, with a recorded reason (DOMAIN.md): that
 * organisation's care-team members see the case while the flag is up. Lifting the flag
 * ends every override (evolve), so an override never outlives the concern behind it.
 */
export function grantConsentOverride({ data }: GrantConsentOverride, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (!state.safeguarding.flag) throw new NoSafeguardingFlag();
  if (state.consentOverrides.includes(data.organisation)) throw new ConsentOverrideExists();
  return [
    {
      type: 'ConsentOverrideGranted',
      data: { organisation: data.organisation, reason: data.reason, by: { id: ctx.actor.id, name: ctx.actor.name }, at: ctx.now.toISOString() },
    },
  ];
}

export function liftConsentOverride({ data }: LiftConsentOverride, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (!state.consentOverrides.includes(data.organisation)) throw new NoConsentOverride();
  return [
    {
      type: 'ConsentOverrideLifted',
      data: { organisation: data.organisation, reason: data.reason, by: { id: ctx.actor.id, name: ctx.actor.name }, at: ctx.now.toISOString() },
    },
  ];
}
// --- end issue 13, part B ---

/** Allowed on a closed case too: people still write about a closed episode. */
export function addNote({ data }: AddNote, _state: CaseState, ctx: DecisionContext): CaseEvent[] {
  return [
    {
      type: 'NoteAdded',
      data: { noteId: ctx.newId(), text: data.text, restricted: data.restricted ?? false, addedAt: ctx.now.toISOString() },
    },
  ];
}

/**
 * The coordinator and any Wellbeing Team providing home care are told at once and lead
 * the discharge planning (DOMAIN.md): a follow-up on both their worklists, due from when
 * the admission is recorded (that is when they can start), which the discharge completes.
 */
export function recordHospitalAdmission({ data }: RecordHospitalAdmission, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (state.hospital.admitted) throw new AlreadyAdmitted();
  const d = new Decision(state, ctx);
  const homeCareTeamId = state.homeCare?.teamId ?? null;
  d.emit({
    type: 'HospitalAdmissionRecorded',
    data: {
      hospital: data.hospital,
      admittedAt: data.admittedAt,
      coordinatorId: state.coordinator?.id ?? null,
      homeCareTeamId,
      recordedAt: d.now,
    },
  });
  scheduleFollowUp(d, {
    kind: 'discharge-planning',
    subject: dischargePlanningSubject(state),
    due: dueFromPolicy(ctx, 'discharge-planning'),
    ownerId: state.coordinator?.id ?? null,
    ...(homeCareTeamId ? { teamId: homeCareTeamId } : {}),
  });
  return d.events;
}

/** One stay at a time, so the case itself is the subject of its discharge planning. */
function dischargePlanningSubject(state: CaseState) {
  return { kind: 'case' as const, id: state.caseId ?? '' };
}

/**
 * A discharge needs a recorded admission: the welfare and 91-day checks, and the
 * discharge measures, mean nothing without knowing the stay they follow.
 * The checks are due from the discharge itself, not from when it was recorded.
 */
export function recordDischarge({ data }: RecordDischarge, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const { admitted, hospital, admittedAt } = state.hospital;
  if (!admitted || !hospital || !admittedAt) throw new NotAdmitted();
  const dischargedAt = new Date(data.dischargedAt);
  if (dischargedAt.getTime() < new Date(admittedAt).getTime()) throw new DischargeBeforeAdmission();
  const dischargeId = ctx.newId();
  const d = new Decision(state, ctx);
  d.emit({
    type: 'DischargeRecorded',
    data: { dischargeId, hospital, admittedAt, dischargedAt: data.dischargedAt, pathway: data.pathway, recordedAt: d.now },
  });
  completeFollowUps(d, ['discharge-planning'], dischargePlanningSubject(state));
  const subject = { kind: 'discharge' as const, id: dischargeId };
  const ownerId = state.coordinator?.id ?? null;
  scheduleFollowUp(d, {
    kind: 'post-discharge-welfare-check',
    subject,
    due: dueFromPolicy(ctx, 'post-discharge-welfare-check', dischargedAt),
    ownerId,
  });
  if (data.pathway === 1) {
    scheduleFollowUp(d, {
      kind: 'reablement-91-day-check',
      subject,
      due: dueFromPolicy(ctx, 'reablement-91-day-check', dischargedAt),
      ownerId,
    });
  }
  return d.events;
}

/**
 * Ending home care that is not there is already done, so it records nothing. A Wellbeing
 * Team works to its capacity (DOMAIN.md, 200 hours a week): hours that would take it past
 * that, counted with this resident's current hours replaced, need a recorded reason.
 * Lowering hours never does, even on a team already over.
 */
export function setHomeCare({ data }: SetHomeCare, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (!Number.isFinite(data.hoursPerWeek) || data.hoursPerWeek < 0) throw new InvalidHomeCareHours();
  if (data.hoursPerWeek === 0 && !state.homeCare) return [];
  const sameTeam = state.homeCare?.teamId === data.teamId ? state.homeCare.hoursPerWeek : 0;
  const overCapacity = !!data.team && data.hoursPerWeek > sameTeam && data.team.hoursAllocated - sameTeam + data.hoursPerWeek > data.team.hoursCapacity;
  if (overCapacity && !data.overCapacityReason) throw new TeamOverCapacity();
  return [
    {
      type: 'HomeCareSet',
      data: {
        teamId: data.teamId,
        hoursPerWeek: data.hoursPerWeek,
        previousTeamId: state.homeCare?.teamId ?? null,
        previousHoursPerWeek: state.homeCare?.hoursPerWeek ?? 0,
        setAt: ctx.now.toISOString(),
        ...(overCapacity ? { overCapacityReason: data.overCapacityReason } : {}),
      },
    },
  ];
}
