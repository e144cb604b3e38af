import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageResponse } from '../read-queries';

/** A concern in the register; the restricted detail only for those allowed to see it. */
export class SafeguardingConcernItem {
  @ApiProperty() concernId!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'ILN-GRA-000123' }) reference!: string;
  @ApiProperty() localityId!: string;
  @ApiProperty({ enum: ['awaiting-decision', 'no-enquiry', 'enquiry-open', 'concluded'] })
  status!: string;
  @ApiProperty({ enum: ['low', 'medium', 'high'] }) risk!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) raisedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decisionDueBy!: string | null;
  @ApiProperty() decisionOverdue!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'Whether a section 42 enquiry was opened; null until decided',
  })
  section42!: boolean | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) concludedAt!: string | null;
  @ApiPropertyOptional({ type: [String], description: 'Restricted detail' }) categories?: string[];
  @ApiPropertyOptional({ type: String, description: 'Restricted detail' }) summary?: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    enum: ['risk-removed', 'risk-reduced', 'risk-remains'],
    description: 'Restricted detail',
  })
  outcome?: string | null;
  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'Restricted detail' })
  desiredOutcomesAsked?: boolean | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    enum: ['fully', 'partially', 'not'],
    description: 'Restricted detail',
  })
  outcomesMet?: string | null;
}

export class SafeguardingConcernPage extends PageResponse {
  @ApiProperty({ type: [SafeguardingConcernItem] }) items!: SafeguardingConcernItem[];
}
