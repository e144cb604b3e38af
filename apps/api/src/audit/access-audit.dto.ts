import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsDateOrTimestamp } from '../cases/dto/validators';

export class AccessAuditQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) caseId?: string;
  @ApiPropertyOptional({ description: 'The practitioner id (token `sub`)' }) @IsOptional() @IsString() @Length(1, 100) userId?: string;
  @ApiPropertyOptional({ description: 'Inclusive, ISO 8601' }) @IsOptional() @IsDateOrTimestamp() from?: string;
  @ApiPropertyOptional({ description: 'Exclusive, ISO 8601' }) @IsOptional() @IsDateOrTimestamp() to?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) page?: number;
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

export class AccessAuditItem {
  @ApiProperty() auditId!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ description: 'Who: the practitioner id; null when the request proved no identity (refused 401)', nullable: true, type: String }) userId!: string | null;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ nullable: true, type: String }) organisation!: string | null;
  @ApiProperty({ nullable: true, type: String }) caseId!: string | null;
  @ApiProperty({ enum: ['read', 'command'] }) kind!: 'read' | 'command';
  @ApiProperty({ example: 'GET /api/cases/:id' }) action!: string;
  @ApiProperty({ description: 'The HTTP status the caller got', example: 200 }) outcome!: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: "The request's X-Request-Id if well-formed (<= 64 of [A-Za-z0-9._-]), else one the server made" }) requestId!: string | null;
}

export class AccessAuditPage {
  @ApiProperty({ type: [AccessAuditItem] }) items!: AccessAuditItem[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
