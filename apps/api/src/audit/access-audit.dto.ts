import { ApiPropertyOptional } from '@nestjs/swagger';
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
