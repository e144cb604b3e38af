import type { ResidentField } from '../../domain/commands';
import type { CaseEvent } from '../../domain/events';
import { assertNever } from '../../domain/evolve';

/**
 * A short, human line per event. Summaries never carry resident details, note texts,
 * safeguarding detail or free-text reasons: the timeline is shown to everyone who can
 * see the case. `restricted` entries are hidden from those without safeguarding detail.
 */
const RESIDENT_FIELD_WORDS: Record<ResidentField, string> = {
  givenName: 'given name',
  familyName: 'family name',
  dateOfBirth: 'date of birth',
  nhsNumber: 'NHS number',
  postcode: 'postcode',
  address: 'address',
};

export function summarise(event: CaseEvent): { summary: string; restricted: boolean } {
  const open = (summary: string) => ({ summary, restricted: false });
  const restricted = (summary: string) => ({ summary, restricted: true });
  switch (event.type) {
    case 'CaseOpened':
      return open(`Case opened (source: ${event.data.source})`);
    case 'CoordinatorAssigned':
      return open(
        event.data.handoverId ? `Coordination handed over to ${event.data.practitionerName}` : `${event.data.practitionerName} allocated as coordinator`,
      );
    case 'HandoverProposed':
      return open(`Hand-over proposed to ${event.data.toPractitionerName}`);
    case 'HandoverAccepted':
      return open('Hand-over accepted');
    case 'HandoverDeclined':
      return open(event.data.withdrawn ? 'Hand-over withdrawn' : 'Hand-over declined');
    case 'CareTeamMemberAdded':
      return open(`${event.data.name} (${event.data.organisation}) joined the care team as ${event.data.role}`);
    case 'CareTeamMemberRemoved':
      return open('A member left the care team');
    case 'CarePlanDrafted':
      return open(`Care plan version ${event.data.planVersion} drafted`);
    case 'CarePlanAgreed':
      return open(`Care plan version ${event.data.planVersion} agreed with the resident`);
    case 'CarePlanReviewed':
      return open('Care plan reviewed');
    case 'CarePlanActionCompleted':
      return open('Care plan action completed');
    case 'GoalAchieved':
      return open('Goal achieved');
    case 'SpecialistInputRequested':
      return open(`Specialist input requested from ${event.data.serviceId} (${event.data.urgency}, ${event.data.mode})`);
    case 'SpecialistInputAccepted':
      return open(`Specialist input accepted by ${event.data.serviceId}`);
    case 'SpecialistInputDeclined':
      return open(`Specialist input declined by ${event.data.serviceId}`);
    case 'SpecialistInputDelivered':
      return open(`Specialist input delivered by ${event.data.serviceId}`);
    case 'SpecialistInputWithdrawn':
      return open(`Specialist input from ${event.data.serviceId} withdrawn`);
    case 'SafeguardingConcernRaised':
      return restricted(`Safeguarding concern raised (${event.data.risk} risk)`);
    case 'SafeguardingFlagRaised':
      return open('Safeguarding flag raised');
    case 'SafeguardingDecisionMade':
      return restricted(event.data.section42 ? 'Section 42 enquiry opened' : 'Decided no section 42 enquiry');
    case 'SafeguardingEnquiryConcluded':
      return restricted('Section 42 enquiry concluded');
    case 'SafeguardingFlagReviewed':
      return open('Safeguarding flag reviewed');
    case 'SafeguardingFlagLifted':
      return open('Safeguarding flag lifted');
    case 'ConsentRecorded':
      return open(`Consent to share recorded: ${event.data.status}`);
    case 'NoteAdded':
      return event.data.restricted ? restricted('Restricted note added') : open('Note added');
    case 'HospitalAdmissionRecorded':
      return open('Hospital admission recorded');
    case 'DischargeRecorded':
      return open(`Discharged from hospital (pathway ${event.data.pathway})`);
    case 'HomeCareSet':
      return open(event.data.hoursPerWeek === 0 ? 'Home care ended' : `Home care set to ${event.data.hoursPerWeek} hours a week`);
    case 'CaseTransferred':
      return open(`Transferred from ${event.data.fromLocalityId} to ${event.data.toLocalityId}`);
    case 'CaseClosed':
      return open('Case closed');
    case 'CaseReopened':
      return open('Case reopened');
    case 'FollowUpScheduled':
      return open(`Follow-up scheduled: ${event.data.kind}`);
    case 'FollowUpCompleted':
      return open(`Follow-up completed: ${event.data.kind}`);
    case 'FollowUpCancelled':
      return open(`Follow-up cancelled: ${event.data.kind}`);
    case 'FollowUpBecameOverdue':
      return open(`Follow-up overdue: ${event.data.kind}`);
    case 'FollowUpEscalated':
      return open(`Follow-up escalated to the team manager: ${event.data.kind}`);
    // issue 13, part B: the organisation is no personal data; the reason stays out
    case 'ConsentOverrideGranted':
      return open(`Consent refusal overridden for ${event.data.organisation} (safeguarding)`);
    case 'ConsentOverrideLifted':
      return open(`Consent override for ${event.data.organisation} lifted`);
    // v1.1 record, part A. Names the fields only: the values are personal data.
    case 'ResidentDetailsCorrected':
      return open(`Resident's details corrected: ${event.data.corrected.map((f) => RESIDENT_FIELD_WORDS[f]).join(', ')}`);
    // issue 16. The reason stays out: it may name people.
    case 'LegalHoldPlaced':
      return open('Legal hold placed: the record is kept past its retention');
    case 'LegalHoldLifted':
      return open('Legal hold lifted');
    case 'CaseErased':
      return open('Record erased: its personal data was destroyed');
    default:
      return assertNever(event);
  }
}
