import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One figure of DOMAIN.md "What managers and the board want to see", with what it counts. */
export class Measure {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'null: no value (nothing to divide by, not recorded, or withheld)',
  })
  value!: number | null;
  @ApiPropertyOptional({
    enum: [true],
    description:
      'Present when the value is withheld because it rests on too few people (the value is then null)',
  })
  suppressed?: true;
  @ApiProperty({ description: 'What the figure counts, in plain words' }) definition!: string;
}

export class SpecialistInputMeasures {
  @ApiProperty({ type: Measure }) requested!: Measure;
  @ApiProperty({ type: Measure }) brokered!: Measure;
  @ApiProperty({ type: Measure }) jointVisits!: Measure;
  @ApiProperty({ type: Measure }) formalReferrals!: Measure;
  @ApiProperty({ type: Measure }) brokeredPerFormalReferral!: Measure;
  @ApiProperty({ type: Measure }) medianResponseHours!: Measure;
  @ApiProperty({ type: Measure }) withinTargetPercent!: Measure;
  @ApiProperty({ type: Measure }) outstanding!: Measure;
}

export class ServiceSpecialistInputMeasures extends SpecialistInputMeasures {
  @ApiProperty() serviceId!: string;
}

export class DashboardMeasures {
  @ApiProperty({ type: Measure }) openCases!: Measure;
  @ApiProperty({ type: Measure }) unallocatedCases!: Measure;
  @ApiProperty({ type: Measure }) casesOpened!: Measure;
  @ApiProperty({ type: Measure }) averageDaysToAllocation!: Measure;
  @ApiProperty({ type: Measure }) handoversPerCase!: Measure;
  @ApiProperty({ type: Measure }) averageCaseload!: Measure;
  @ApiProperty({ type: Measure }) plansAgreed!: Measure;
  @ApiProperty({ type: Measure }) reviewsDue!: Measure;
  @ApiProperty({ type: Measure }) reviewsOverdue!: Measure;
  @ApiProperty({ type: Measure }) reviewsOnTimePercent!: Measure;
  @ApiProperty({ type: SpecialistInputMeasures }) specialistInputs!: SpecialistInputMeasures;
  @ApiProperty({ type: [ServiceSpecialistInputMeasures] })
  specialistInputsByService!: ServiceSpecialistInputMeasures[];
  @ApiProperty({ type: Measure }) safeguardingConcernsRaised!: Measure;
  @ApiProperty({ type: Measure }) safeguardingDecisionsWithinTargetPercent!: Measure;
  @ApiProperty({ type: Measure }) openEnquiries!: Measure;
  @ApiProperty({ type: Measure }) enquiriesConcluded!: Measure;
  @ApiProperty({ type: Measure }) desiredOutcomesAskedPercent!: Measure;
  @ApiProperty({ type: Measure }) outcomesMetFully!: Measure;
  @ApiProperty({ type: Measure }) outcomesMetPartially!: Measure;
  @ApiProperty({ type: Measure }) outcomesNotMet!: Measure;
  @ApiProperty({ type: Measure }) riskRemoved!: Measure;
  @ApiProperty({ type: Measure }) riskReduced!: Measure;
  @ApiProperty({ type: Measure }) riskRemains!: Measure;
  @ApiProperty({ type: Measure }) discharges!: Measure;
  @ApiProperty({ type: Measure }) welfareChecksDone!: Measure;
  @ApiProperty({ type: Measure }) stillAtHomeAt91DaysPercent!: Measure;
  @ApiProperty({ type: Measure }) wellbeingHoursAllocated!: Measure;
  @ApiProperty({ type: Measure }) wellbeingHoursCapacity!: Measure;
  @ApiProperty({ type: Measure }) wellbeingHoursAllocatedPercent!: Measure;
  @ApiProperty({ type: Measure }) contactsResolvedAtFirstConversationPercent!: Measure;
}

export class DashboardResponse {
  @ApiProperty({ description: "'borough', or the locality id", example: 'borough' }) scope!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for the borough' }) localityId!:
    string | null;
  @ApiProperty({
    format: 'date',
    description: 'First day of the period (Europe/London, inclusive)',
  })
  from!: string;
  @ApiProperty({ format: 'date', description: 'Last day of the period (Europe/London, inclusive)' })
  to!: string;
  @ApiProperty({ type: DashboardMeasures }) measures!: DashboardMeasures;
}
