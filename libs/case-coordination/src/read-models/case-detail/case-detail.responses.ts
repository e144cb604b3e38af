import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// The answer of GET /api/cases/:id (and ?asAt=): CaseView as a caller may see it.

export class ResidentResponse {
  @ApiProperty() givenName!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty({ description: 'YYYY-MM-DD', example: '1948-03-02' }) dateOfBirth!: string;
  @ApiPropertyOptional({ description: '10 digits' }) nhsNumber?: string;
  @ApiPropertyOptional() postcode?: string;
  @ApiPropertyOptional() address?: string;
}

export class CoordinatorResponse {
  @ApiProperty({ description: 'The practitioner id' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) teamId!: string | null;
  @ApiProperty({ format: 'date-time' }) since!: string;
}

export class PendingHandoverResponse {
  @ApiProperty() handoverId!: string;
  @ApiProperty() toPractitionerId!: string;
  @ApiProperty() toPractitionerName!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) proposedAt!: string;
}

export class CareTeamMemberResponse {
  @ApiProperty() memberId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() organisation!: string;
  @ApiProperty() role!: string;
}

export class PlanGoalResponse {
  @ApiProperty() id!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true, description: 'YYYY-MM-DD' }) targetDate!:
    string | null;
  @ApiProperty() achieved!: boolean;
}

export class ActionOwnerResponse {
  @ApiProperty({ enum: ['practitioner', 'team', 'organisation', 'informal', 'resident'] })
  kind!: string;
  @ApiPropertyOptional() id?: string;
  @ApiProperty() name!: string;
}

export class PlanActionResponse {
  @ApiProperty() id!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: ActionOwnerResponse }) owner!: ActionOwnerResponse;
  @ApiProperty({ type: String, nullable: true }) goalId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'YYYY-MM-DD' }) dueDate!: string | null;
  @ApiProperty() completed!: boolean;
}

export class PersonRefResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class PlanReviewResponse {
  @ApiProperty({ format: 'date-time' }) reviewedAt!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: PersonRefResponse, nullable: true, description: 'Who recorded it; null for a review stored without one' })
  by!: PersonRefResponse | null;
}

/** A care plan version: the case's current plan, and each entry of the plan's history. */
export class CarePlanResponse {
  @ApiProperty({ type: 'integer', example: 1 }) planVersion!: number;
  @ApiProperty({ enum: ['draft', 'agreed'] }) status!: 'draft' | 'agreed';
  @ApiProperty() whatMatters!: string;
  @ApiProperty({ type: [PlanGoalResponse] }) goals!: PlanGoalResponse[];
  @ApiProperty({ type: [PlanActionResponse] }) actions!: PlanActionResponse[];
  @ApiProperty({ type: [String] }) informalSupport!: string[];
  @ApiProperty({ type: [String] }) risksAccepted!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) agreedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextReviewDue!: string | null;
  @ApiPropertyOptional({ type: [PlanReviewResponse], description: 'Every review of the plan, oldest first (on the case; plan versions stored before reviews were kept have none)' })
  reviews?: PlanReviewResponse[];
}

export class CaseSpecialistInputResponse {
  @ApiProperty() inputId!: string;
  @ApiProperty() serviceId!: string;
  @ApiProperty({ enum: ['brokered', 'joint-visit', 'formal-referral'] }) mode!: string;
  @ApiProperty({ enum: ['crisis', 'urgent', 'routine'] }) urgency!: string;
  @ApiProperty() request!: string;
  @ApiProperty({ enum: ['requested', 'accepted', 'declined', 'delivered', 'withdrawn'] })
  status!: string;
  @ApiProperty({ format: 'date-time' }) respondBy!: string;
  @ApiPropertyOptional({
    description: 'The answer: what was delivered, or why declined or withdrawn',
  })
  outcome?: string;
}

/** Categories, summary and outcome only for those allowed to see a concern's detail. */
export class CaseConcernResponse {
  @ApiProperty() concernId!: string;
  @ApiProperty({ enum: ['awaiting-decision', 'no-enquiry', 'enquiry-open', 'concluded'] })
  status!: string;
  @ApiProperty({ enum: ['low', 'medium', 'high'] }) risk!: string;
  @ApiProperty({ format: 'date-time' }) decisionDueBy!: string;
  @ApiPropertyOptional({ type: [String], description: 'Restricted detail' }) categories?: string[];
  @ApiPropertyOptional({ description: 'Restricted detail' }) summary?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Restricted detail' })
  outcome?: string | null;
}

export class CaseSafeguardingResponse {
  @ApiProperty() flag!: boolean;
  @ApiProperty({ type: [CaseConcernResponse] }) concerns!: CaseConcernResponse[];
}

export class OrganisationConsentResponse {
  @ApiProperty() organisation!: string;
  @ApiProperty({ enum: ['given', 'refused', 'best-interests'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiPropertyOptional() note?: string;
}

export class ConsentOverrideResponse {
  @ApiProperty() organisation!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: PersonRefResponse }) by!: PersonRefResponse;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** Consent per organisation (API.md v1.1), and the safeguarding overrides in force. */
export class ConsentResponse {
  @ApiProperty({ type: [OrganisationConsentResponse] }) organisations!: OrganisationConsentResponse[];
  @ApiProperty({ type: [ConsentOverrideResponse] }) overrides!: ConsentOverrideResponse[];
}

export class ClosureResponse {
  @ApiProperty({ format: 'date-time' }) closedAt!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() outcomeSummary!: string;
}

export class LastDischargeResponse {
  @ApiProperty({ format: 'date-time' }) dischargedAt!: string;
  @ApiProperty({ type: 'integer', enum: [0, 1, 2, 3] }) pathway!: number;
}

export class HospitalResponse {
  @ApiProperty() admitted!: boolean;
  @ApiPropertyOptional() hospital?: string;
  @ApiPropertyOptional({ format: 'date-time' }) admittedAt?: string;
  @ApiPropertyOptional({ type: LastDischargeResponse }) lastDischarge?: LastDischargeResponse;
}

export class HomeCareResponse {
  @ApiProperty() teamId!: string;
  @ApiProperty() hoursPerWeek!: number;
}

export class CaseFollowUpResponse {
  @ApiProperty() followUpId!: string;
  @ApiProperty({ example: 'care-plan-review' }) kind!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: ['open', 'overdue', 'escalated', 'completed', 'cancelled'] })
  status!: string;
  @ApiPropertyOptional({ enum: ['at-home', 'not-at-home', 'well', 'concerns', 'no-contact'], description: 'The recorded outcome of a 91-day or welfare check' })
  outcome?: string;
}

export class CaseDetailResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'ILN-GRA-000123' }) reference!: string;
  @ApiProperty({ type: 'integer', description: 'The stream version; the ETag of the current case' })
  version!: number;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: 'open' | 'closed';
  @ApiProperty({ type: ResidentResponse }) resident!: ResidentResponse;
  @ApiProperty() localityId!: string;
  @ApiProperty({ example: 'gp' }) source!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: ['standard', 'complex'] }) complexity!: string;
  @ApiProperty({ type: String, nullable: true }) whatMatters!: string | null;
  @ApiProperty({ type: CoordinatorResponse, nullable: true })
  coordinator!: CoordinatorResponse | null;
  @ApiProperty({ type: PendingHandoverResponse, nullable: true })
  pendingHandover!: PendingHandoverResponse | null;
  @ApiProperty({ type: [CareTeamMemberResponse] }) careTeam!: CareTeamMemberResponse[];
  @ApiProperty({ type: CarePlanResponse, nullable: true }) carePlan!: CarePlanResponse | null;
  @ApiProperty({ type: [CaseSpecialistInputResponse] })
  specialistInputs!: CaseSpecialistInputResponse[];
  @ApiProperty({ type: CaseSafeguardingResponse }) safeguarding!: CaseSafeguardingResponse;
  @ApiProperty({ type: ConsentResponse, nullable: true }) consent!: ConsentResponse | null;
  @ApiProperty({ type: HospitalResponse }) hospital!: HospitalResponse;
  @ApiProperty({ type: HomeCareResponse, nullable: true }) homeCare!: HomeCareResponse | null;
  @ApiProperty({ type: [CaseFollowUpResponse] }) followUps!: CaseFollowUpResponse[];
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: ClosureResponse, nullable: true, description: 'Why and how the case was last closed; null while open' })
  closure!: ClosureResponse | null;
  @ApiProperty({ description: 'Transferred with its coordinator; the receiving locality has yet to allocate' })
  pendingAllocation!: boolean;
}
