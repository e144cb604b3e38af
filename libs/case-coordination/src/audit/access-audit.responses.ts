import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageResponse } from '../read-models/read-queries';

export class AccessAuditItem {
  @ApiProperty() auditId!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({
    description: 'Who: the practitioner id; null when the request proved no identity (refused 401)',
    nullable: true,
    type: String,
  })
  userId!: string | null;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ nullable: true, type: String }) organisation!: string | null;
  @ApiProperty({ nullable: true, type: String }) caseId!: string | null;
  @ApiProperty({ enum: ['read', 'command'] }) kind!: 'read' | 'command';
  @ApiProperty({ example: 'GET /api/cases/:id' }) action!: string;
  @ApiProperty({ type: 'integer', description: 'The HTTP status the caller got', example: 200 })
  outcome!: number;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description:
      "The request's X-Request-Id if well-formed (<= 64 of [A-Za-z0-9._-]), else one the server made",
  })
  requestId!: string | null;
}

export class AccessAuditPage extends PageResponse {
  @ApiProperty({ type: [AccessAuditItem] }) items!: AccessAuditItem[];
}
