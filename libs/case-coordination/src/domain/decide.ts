import type { CaseCommand } from './commands';
import type { DecisionContext } from './context';
import * as carePlan from './decisions/care-plan';
import * as coordination from './decisions/coordination';
import * as followUps from './decisions/follow-ups';
import * as lifecycle from './decisions/lifecycle';
import * as erasure from './decisions/erasure';
import * as legalHold from './decisions/legal-hold';
import * as records from './decisions/record-keeping';
import * as resident from './decisions/resident';
import * as safeguarding from './decisions/safeguarding';
import * as inputs from './decisions/specialist-input';
import { CaseClosed, CaseIsErased, CaseNotFound } from './errors';
import type { CaseEvent } from './events';
import { assertNever } from './evolve';
import type { CaseState } from './state';

/** What a closed case still accepts (decide refuses everything else with CaseClosed). */
export const CLOSED_CASE_COMMANDS: ReadonlySet<CaseCommand['type']> = new Set(['ReopenCase', 'AddNote', 'PlaceLegalHold', 'LiftLegalHold', 'EraseCase']);

/**
 * Decides what happens when `command` meets the case as it stands. Pure: time,
 * ids, policy, calendar and actor come in `ctx`. Throws a DomainError to refuse.
 */
export function decide(command: CaseCommand, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  // An erased case takes nothing more: its timers' late jobs are quiet no-ops, the rest 410.
  if (state.erasedAt !== null) {
    if (command.type === 'MarkFollowUpOverdue' || command.type === 'EscalateFollowUp') return [];
    throw new CaseIsErased(state.caseId ?? '', state.erasedAt);
  }
  if (command.type === 'OpenCase') return lifecycle.openCase(command, state, ctx);
  if (command.type === 'MarkFollowUpOverdue') return followUps.markFollowUpOverdue(command, state, ctx);
  if (command.type === 'EscalateFollowUp') return followUps.escalateFollowUp(command, state, ctx);
  if (state.status === 'none') throw new CaseNotFound();
  // A closed episode is read-only except for notes, reopening it, and legal holds (a
  // closed case is the one retention would dispose of).
  if (state.status === 'closed' && !CLOSED_CASE_COMMANDS.has(command.type)) {
    throw new CaseClosed();
  }
  switch (command.type) {
    case 'AllocateCoordinator':
      return coordination.allocateCoordinator(command, state, ctx);
    case 'ProposeHandover':
      return coordination.proposeHandover(command, state, ctx);
    case 'AcceptHandover':
      return coordination.acceptHandover(command, state, ctx);
    case 'DeclineHandover':
      return coordination.declineHandover(command, state, ctx);
    case 'AddCareTeamMember':
      return coordination.addCareTeamMember(command, state, ctx);
    case 'RemoveCareTeamMember':
      return coordination.removeCareTeamMember(command, state, ctx);
    case 'DraftCarePlan':
      return carePlan.draftCarePlan(command, state, ctx);
    case 'AgreeCarePlan':
      return carePlan.agreeCarePlan(command, state, ctx);
    case 'RecordCarePlanReview':
      return carePlan.recordCarePlanReview(command, state, ctx);
    case 'CompleteCarePlanAction':
      return carePlan.completeCarePlanAction(command, state, ctx);
    case 'AchieveGoal':
      return carePlan.achieveGoal(command, state, ctx);
    case 'RequestSpecialistInput':
      return inputs.requestSpecialistInput(command, state, ctx);
    case 'AcceptSpecialistInput':
      return inputs.acceptSpecialistInput(command, state, ctx);
    case 'DeclineSpecialistInput':
      return inputs.declineSpecialistInput(command, state, ctx);
    case 'DeliverSpecialistInput':
      return inputs.deliverSpecialistInput(command, state, ctx);
    case 'WithdrawSpecialistInput':
      return inputs.withdrawSpecialistInput(command, state, ctx);
    case 'RaiseSafeguardingConcern':
      return safeguarding.raiseSafeguardingConcern(command, state, ctx);
    case 'DecideSafeguardingConcern':
      return safeguarding.decideSafeguardingConcern(command, state, ctx);
    case 'ConcludeSafeguardingEnquiry':
      return safeguarding.concludeSafeguardingEnquiry(command, state, ctx);
    case 'ReviewSafeguardingFlag':
      return safeguarding.reviewSafeguardingFlag(command, state, ctx);
    case 'LiftSafeguardingFlag':
      return safeguarding.liftSafeguardingFlag(command, state, ctx);
    case 'RecordConsent':
      return records.recordConsent(command, state, ctx);
    case 'AddNote':
      return records.addNote(command, state, ctx);
    case 'RecordHospitalAdmission':
      return records.recordHospitalAdmission(command, state, ctx);
    case 'RecordDischarge':
      return records.recordDischarge(command, state, ctx);
    case 'SetHomeCare':
      return records.setHomeCare(command, state, ctx);
    case 'TransferCase':
      return lifecycle.transferCase(command, state, ctx);
    case 'CloseCase':
      return lifecycle.closeCase(command, state, ctx);
    case 'ReopenCase':
      return lifecycle.reopenCase(command, state, ctx);
    case 'CompleteFollowUp':
      return followUps.completeFollowUp(command, state, ctx);
    // issue 13, part B
    case 'GrantConsentOverride':
      return records.grantConsentOverride(command, state, ctx);
    case 'LiftConsentOverride':
      return records.liftConsentOverride(command, state, ctx);
    // v1.1 record, part A
    case 'CorrectResidentDetails':
      return resident.correctResidentDetails(command, state, ctx);
    // issue 16
    case 'PlaceLegalHold':
      return legalHold.placeLegalHold(command, state, ctx);
    case 'LiftLegalHold':
      return legalHold.liftLegalHold(command, state, ctx);
    case 'EraseCase':
      return erasure.eraseCase(command, state, ctx);
    default:
      return assertNever(command);
  }
}
