import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SubjectAccessMatch {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'ILN-2026-000042' }) reference!: string;
}

export class SubjectAccessRequestResponse {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ example: '2026-12-23', description: 'one calendar month after receivedAt (the last day of that month when it is shorter)' }) dueBy!: string;
  @ApiProperty({ type: [SubjectAccessMatch], description: 'every case of the resident: by NHS number, or by name and date of birth' })
  matches!: SubjectAccessMatch[];
}

const FREE_FORM = { type: 'object', additionalProperties: true } as const;

export class SubjectAccessAccess {
  @ApiProperty({ example: '2026-11-23T09:00:00.000Z' }) occurredAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the practitioner id (token sub); null for a refused anonymous call' }) userId!: string | null;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) organisation!: string | null;
  @ApiProperty({ enum: ['read', 'command'] }) kind!: string;
  @ApiProperty({ example: 'GET /api/cases/:id' }) action!: string;
  @ApiProperty({ example: 200 }) outcome!: number;
}

export class SubjectAccessTimelineEntry {
  @ApiProperty({ example: '2026-11-23T09:00:00.000Z' }) occurredAt!: string;
  @ApiProperty({ example: 'Ana Practitioner' }) by!: string;
  @ApiProperty({ description: 'what happened, in plain words' }) summary!: string;
}

/** One matching case, whole: what the service holds about the resident in it. */
export class SubjectAccessCase {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reference!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'set when the case was erased after the request was made: then nothing of it is left to give (every list empty)' })
  erasedAt?: string;
  @ApiProperty({ ...FREE_FORM, description: 'the case as it stands: the resident, what matters, the care plan, consent, safeguarding flag, care team, closure' })
  record!: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: FREE_FORM, description: 'every care plan version, oldest first' }) planVersions!: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: FREE_FORM, description: 'every note, restricted ones included, oldest first' }) notes!: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: FREE_FORM, description: 'specialist inputs requested' }) inputs!: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: FREE_FORM, description: 'safeguarding concerns and their decisions' }) safeguarding!: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: FREE_FORM, description: 'follow-ups and their outcomes' }) followUps!: Record<string, unknown>[];
  @ApiProperty({ type: [SubjectAccessTimelineEntry], description: 'oldest first' }) timeline!: SubjectAccessTimelineEntry[];
  @ApiProperty({ type: [SubjectAccessAccess], description: 'who read or changed the record, from the access audit, oldest first' }) accessedBy!: SubjectAccessAccess[];
}

export class SubjectAccessExport {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ example: '2026-11-23T09:00:00.000Z' }) receivedAt!: string;
  @ApiProperty({ example: '2026-12-23' }) dueBy!: string;
  @ApiProperty({ type: [SubjectAccessCase], description: 'every case that matched when the request was received' }) items!: SubjectAccessCase[];
}
