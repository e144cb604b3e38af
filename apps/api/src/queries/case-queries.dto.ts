import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from './page.dto';
import { IsDateOrTimestamp } from '../cases/dto/validators';

export const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class CaseListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) localityId?: string;
  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) coordinatorId?: string;
  @ApiPropertyOptional({ description: 'true: only flagged cases; false: only unflagged' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  safeguarding?: boolean;
  @ApiPropertyOptional({
    description: 'Matches the reference or the resident name (case-insensitive, anywhere in it)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class CaseDetailQuery {
  @ApiPropertyOptional({ description: 'ISO 8601 timestamp: the case as it stood then' })
  @IsOptional()
  @IsDateOrTimestamp()
  asAt?: string;
}
