import { ApiProperty } from '@nestjs/swagger';

/** A case due for disposal: no resident's details, only what a records officer needs to find it. */
export class RetentionDueItem {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'ILN-2018-000042' }) reference!: string;
  @ApiProperty({ example: 'grays' }) localityId!: string;
  @ApiProperty({ example: '2018-03-01T10:00:00.000Z' }) closedAt!: string;
  @ApiProperty({ example: '2026-03-01T10:00:00.000Z', description: 'closedAt plus RETENTION_YEARS: from then on the retention run may dispose of it' })
  retainUntil!: string;
}

export class RetentionDuePage {
  @ApiProperty({ type: [RetentionDueItem], description: 'longest closed first' }) items!: RetentionDueItem[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ example: 8, description: 'RETENTION_YEARS in force' }) retentionYears!: number;
}
