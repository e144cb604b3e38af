import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageResponse } from '../read-queries';

/**
 * One piece of the caller's work: a follow-up, a hand-over to accept, or a specialist
 * input their team's service must answer. The id fields present depend on `kind`.
 */
export class WorklistItem {
  @ApiProperty({ enum: ['follow-up', 'handover', 'specialist-input'] }) kind!:
    'follow-up' | 'handover' | 'specialist-input';
  @ApiPropertyOptional({
    description: 'For kind follow-up: which follow-up',
    example: 'care-plan-review',
  })
  followUpKind?: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'ILN-GRA-000123' }) reference!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() escalated!: boolean;
  @ApiPropertyOptional({ description: 'For kind handover' }) handoverId?: string;
  @ApiPropertyOptional({ description: 'For kind specialist-input' }) inputId?: string;
  @ApiProperty({
    description: 'The follow-up behind the item (complete or reschedule it through the case)',
  })
  followUpId!: string;
}

export class WorklistPage extends PageResponse {
  @ApiProperty({ type: [WorklistItem] }) items!: WorklistItem[];
}
