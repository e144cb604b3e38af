// Domain errors: a stable kebab-case `code` (the HTTP problem `type` suffix, 409
// except CaseNotFound → 404) and a message safe to show anyone and to log: never
// personal data, never ids of people.

export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class CaseNotFound extends DomainError {
  readonly code = 'case-not-found';
  constructor() {
    super('No case exists with this id.');
  }
}

export class CaseAlreadyExists extends DomainError {
  readonly code = 'case-already-exists';
  constructor() {
    super('A case with this id already exists.');
  }
}

export class CaseClosed extends DomainError {
  readonly code = 'case-closed';
  constructor() {
    super('The case is closed.');
  }
}

export class CaseNotClosed extends DomainError {
  readonly code = 'case-not-closed';
  constructor() {
    super('The case is not closed.');
  }
}

export class SameLocality extends DomainError {
  readonly code = 'same-locality';
  constructor() {
    super('The case is already in that locality.');
  }
}

export class CoordinatorAlreadyAssigned extends DomainError {
  readonly code = 'coordinator-already-assigned';
  constructor() {
    super('The case already has a coordinator; change it with a hand-over.');
  }
}

export class NoCoordinator extends DomainError {
  readonly code = 'no-coordinator';
  constructor() {
    super('The case has no coordinator yet.');
  }
}

export class HandoverPending extends DomainError {
  readonly code = 'handover-pending';
  constructor() {
    super('A hand-over is already waiting for an answer.');
  }
}

export class HandoverNotFound extends DomainError {
  readonly code = 'handover-not-found';
  constructor() {
    super('No pending hand-over with this id.');
  }
}

export class NotCoordinator extends DomainError {
  readonly code = 'not-coordinator';
  constructor() {
    super('Only the coordinator or a team manager of the case locality may propose a hand-over.');
  }
}

export class NotHandoverReceiver extends DomainError {
  readonly code = 'not-handover-receiver';
  constructor() {
    super('Only the receiving practitioner or a team manager may accept this hand-over.');
  }
}

export class NotHandoverParty extends DomainError {
  readonly code = 'not-handover-party';
  constructor() {
    super('Only the receiving practitioner, the proposer or a team manager may decline this hand-over.');
  }
}

export class HandoverToCurrentCoordinator extends DomainError {
  readonly code = 'handover-to-current-coordinator';
  constructor() {
    super('The proposed receiver is already the coordinator.');
  }
}

export class AlreadyCareTeamMember extends DomainError {
  readonly code = 'already-care-team-member';
  constructor() {
    super('This member is already in the care team.');
  }
}

export class NotCareTeamMember extends DomainError {
  readonly code = 'not-care-team-member';
  constructor() {
    super('This member is not in the care team.');
  }
}

export class CannotRemoveCoordinator extends DomainError {
  readonly code = 'cannot-remove-coordinator';
  constructor() {
    super('The coordinator cannot be removed from the care team; hand the case over first.');
  }
}

export class CarePlanMissing extends DomainError {
  readonly code = 'care-plan-missing';
  constructor() {
    super('The case has no care plan yet.');
  }
}

export class CarePlanNeedsGoal extends DomainError {
  readonly code = 'care-plan-needs-goal';
  constructor() {
    super('A care plan needs at least one goal to be agreed.');
  }
}

export class CarePlanNotAgreed extends DomainError {
  readonly code = 'care-plan-not-agreed';
  constructor() {
    super('The current care plan version has not been agreed.');
  }
}

export class CarePlanAlreadyAgreed extends DomainError {
  readonly code = 'care-plan-already-agreed';
  constructor() {
    super('The current care plan version is already agreed.');
  }
}

export class NotAgreedWithResident extends DomainError {
  readonly code = 'not-agreed-with-resident';
  constructor() {
    super('A care plan is agreed only with the resident.');
  }
}

export class DuplicatePlanItem extends DomainError {
  readonly code = 'duplicate-plan-item';
  constructor() {
    super('A goal or action id appears more than once in the plan.');
  }
}

export class ActionNotFound extends DomainError {
  readonly code = 'action-not-found';
  constructor() {
    super('No action with this id in the current care plan.');
  }
}

export class ActionAlreadyCompleted extends DomainError {
  readonly code = 'action-already-completed';
  constructor() {
    super('The action is already completed.');
  }
}

export class GoalNotFound extends DomainError {
  readonly code = 'goal-not-found';
  constructor() {
    super('No goal with this id in the care plan.');
  }
}

export class GoalAlreadyAchieved extends DomainError {
  readonly code = 'goal-already-achieved';
  constructor() {
    super('The goal is already achieved.');
  }
}

export class ReviewDateNotInFuture extends DomainError {
  readonly code = 'review-date-not-in-future';
  constructor() {
    super('The next review date has already passed.');
  }
}

export class InputNotFound extends DomainError {
  readonly code = 'input-not-found';
  constructor() {
    super('No specialist input with this id.');
  }
}

export class InvalidInputTransition extends DomainError {
  readonly code = 'invalid-input-transition';
  constructor() {
    super('The specialist input cannot move to that status from its current one.');
  }
}

export class ConcernNotFound extends DomainError {
  readonly code = 'concern-not-found';
  constructor() {
    super('No safeguarding concern with this id.');
  }
}

export class NotSafeguardingLead extends DomainError {
  readonly code = 'not-safeguarding-lead';
  constructor() {
    super('Only a safeguarding lead may do this.');
  }
}

export class ConcernAlreadyDecided extends DomainError {
  readonly code = 'concern-already-decided';
  constructor() {
    super('A decision has already been made on this concern.');
  }
}

export class NoOpenEnquiry extends DomainError {
  readonly code = 'no-open-enquiry';
  constructor() {
    super('This concern has no open section 42 enquiry.');
  }
}

export class OutcomesMetRequired extends DomainError {
  readonly code = 'outcomes-met-required';
  constructor() {
    super('When desired outcomes were asked, whether they were met must be recorded.');
  }
}

export class SafeguardingOpen extends DomainError {
  readonly code = 'safeguarding-open';
  constructor() {
    super('A safeguarding concern awaits a decision or an enquiry is open.');
  }
}

export class NoSafeguardingFlag extends DomainError {
  readonly code = 'no-safeguarding-flag';
  constructor() {
    super('The case has no safeguarding flag.');
  }
}

export class InputsOutstanding extends DomainError {
  readonly code = 'inputs-outstanding';
  constructor() {
    super('Specialist input is still requested or accepted.');
  }
}

export class FollowUpNotFound extends DomainError {
  readonly code = 'follow-up-not-found';
  constructor() {
    super('No follow-up with this id.');
  }
}

export class FollowUpNotOpen extends DomainError {
  readonly code = 'follow-up-not-open';
  constructor() {
    super('The follow-up is already completed or cancelled.');
  }
}

export class FollowUpNotManual extends DomainError {
  readonly code = 'follow-up-not-manual';
  constructor() {
    super('This follow-up is completed by the case activity it chases, not by hand.');
  }
}

// --- v1.1 record, part A: check outcomes. Bad input for the kind of check, so 400, not 409 (case-errors.ts).
export class FollowUpOutcomeRequired extends DomainError {
  readonly code = 'follow-up-outcome-required';
  constructor(readonly allowed: readonly string[]) {
    super(`This check records its outcome: one of ${allowed.join(', ')}.`);
  }
}

export class FollowUpOutcomeInvalid extends DomainError {
  readonly code = 'follow-up-outcome-invalid';
  constructor(readonly allowed: readonly string[]) {
    super(allowed.length === 0 ? 'This follow-up records no outcome.' : `The outcome of this check is one of ${allowed.join(', ')}.`);
  }
}
export class NothingToCorrect extends DomainError {
  readonly code = 'nothing-to-correct';
  constructor() {
    super("A correction names at least one of the resident's details.");
  }
}
// --- end v1.1 record, part A

export class AlreadyAdmitted extends DomainError {
  readonly code = 'already-admitted';
  constructor() {
    super('A hospital admission is already recorded and not yet discharged.');
  }
}

export class NotAdmitted extends DomainError {
  readonly code = 'not-admitted';
  constructor() {
    super('No hospital admission is recorded to discharge from.');
  }
}

export class DischargeBeforeAdmission extends DomainError {
  readonly code = 'discharge-before-admission';
  constructor() {
    super('The discharge time is before the admission time.');
  }
}

export class InvalidHomeCareHours extends DomainError {
  readonly code = 'invalid-home-care-hours';
  constructor() {
    super('Home care hours per week must be a non-negative number.');
  }
}

// --- issue 13, part B ---
export class ConsentOverrideExists extends DomainError {
  readonly code = 'consent-override-exists';
  constructor() {
    super('An override is already in force for this organisation.');
  }
}

export class NoConsentOverride extends DomainError {
  readonly code = 'no-consent-override';
  constructor() {
    super('No override is in force for this organisation.');
  }
}

export class TeamOverCapacity extends DomainError {
  readonly code = 'team-over-capacity';
  constructor() {
    super("These hours take the team past its capacity: give a reason to allocate them anyway.");
  }
}
// --- end issue 13, part B ---

// --- issue 16, records management ---
export class LegalHoldExists extends DomainError {
  readonly code = 'legal-hold-exists';
  constructor() {
    super('The case is already under a legal hold.');
  }
}

export class NoLegalHold extends DomainError {
  readonly code = 'no-legal-hold';
  constructor() {
    super('The case is not under a legal hold.');
  }
}

/** Erasure is refused while a legal hold keeps the record (lift the hold first). */
export class ErasureOnLegalHold extends DomainError {
  readonly code = 'legal-hold';
  constructor() {
    super('The case is under a legal hold and may not be erased.');
  }
}

/** The case's personal data was destroyed: every route about it answers 410. */
export class CaseIsErased extends DomainError {
  readonly code = 'case-erased';
  constructor(
    readonly caseId: string,
    readonly erasedAt: string,
  ) {
    super('The case was erased.');
  }
}
// --- end issue 16 ---
