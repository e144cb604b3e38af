import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ALL_FOLLOW_UP_OUTCOMES, CONSENT_STATUSES, DISCHARGE_PATHWAYS, type DischargePathway, type FollowUpOutcome } from '@iln/case-coordination';
import { IsHundredths, IsTimestamp, SLUG_ID } from './validators';

export class RecordConsentDto {
  @ApiProperty({ enum: CONSENT_STATUSES }) @IsIn(CONSENT_STATUSES) status!: (typeof CONSENT_STATUSES)[number];
  @ApiProperty({ type: [String], example: ['nelft', 'eput'] }) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 200, { each: true })
  organisations!: string[];
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @Length(1, 4000) note?: string;
}

export class AddNoteDto {
  @ApiProperty({ maxLength: 10000 }) @IsString() @Length(1, 10000) text!: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() restricted?: boolean;
}

export class HospitalAdmissionDto {
  @ApiProperty({ example: 'Basildon University Hospital' }) @IsString() @Length(1, 200) hospital!: string;
  @ApiProperty({ example: '2026-11-23T09:00:00.000Z' }) @IsTimestamp() admittedAt!: string;
}

export class DischargeDto {
  @ApiProperty({ example: '2026-11-30T14:00:00.000Z' }) @IsTimestamp() dischargedAt!: string;
  @ApiProperty({ enum: DISCHARGE_PATHWAYS }) @IsIn(DISCHARGE_PATHWAYS, { message: 'pathway must be 0, 1, 2 or 3' }) pathway!: DischargePathway;
}

export class HomeCareDto {
  @ApiProperty({ example: 'wellbeing-tilbury' }) @IsString() @Matches(SLUG_ID) teamId!: string;
  @ApiProperty({ description: 'allocated hours per week; 0 ends home care' }) @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsHundredths() @Min(0) @Max(200) hoursPerWeek!: number;
  @ApiPropertyOptional({ maxLength: 2000, description: "why the team may go past its capacity; without it such hours are refused (409 team-over-capacity)" })
  @IsOptional() @IsString() @Length(1, 2000) overCapacityReason?: string;
}

export class TransferDto {
  @ApiProperty({ example: 'tilbury-chadwell' }) @IsString() @Matches(SLUG_ID) toLocalityId!: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @Length(1, 2000) reason!: string;
}

export class CompleteFollowUpDto {
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @Length(1, 4000) note?: string;
  @ApiPropertyOptional({
    enum: ALL_FOLLOW_UP_OUTCOMES,
    description: 'required for reablement-91-day-check (at-home | not-at-home) and post-discharge-welfare-check (well | concerns | no-contact); 400 without it',
  })
  @IsOptional()
  @IsIn(ALL_FOLLOW_UP_OUTCOMES)
  outcome?: FollowUpOutcome;
}

export class CloseCaseDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @Length(1, 2000) reason!: string;
  @ApiProperty({ maxLength: 4000 }) @IsString() @Length(1, 4000) outcomeSummary!: string;
}
