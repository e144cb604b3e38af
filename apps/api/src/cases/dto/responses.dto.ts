import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CommandResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ description: 'events in the case stream after the command' }) version!: number;
}
export class HandoverResponse extends CommandResponse {
  @ApiProperty({ format: 'uuid' }) handoverId!: string;
}
export class MemberResponse extends CommandResponse {
  @ApiProperty() memberId!: string;
}
export class PlanResponse extends CommandResponse {
  @ApiProperty() planVersion!: number;
  @ApiPropertyOptional({ description: 'when the next review is due (agree, review)' }) nextReviewDue?: string;
}
export class InputResponse extends CommandResponse {
  @ApiProperty({ format: 'uuid' }) inputId!: string;
  @ApiProperty({ description: 'response deadline from the policy in force' }) respondBy!: string;
}
export class ConcernResponse extends CommandResponse {
  @ApiProperty({ format: 'uuid' }) concernId!: string;
  @ApiProperty() decisionDueBy!: string;
}
export class NoteResponse extends CommandResponse {
  @ApiProperty({ format: 'uuid' }) noteId!: string;
}
export class DischargeResponse extends CommandResponse {
  @ApiProperty({ format: 'uuid' }) dischargeId!: string;
}
export class FlagReviewResponse extends CommandResponse {
  @ApiProperty() nextReviewDue!: string;
}

// The problem+json body lives with the decorator that documents it.
export { FieldErrorDto, ProblemDto } from '../../http/api-problems.decorator';
