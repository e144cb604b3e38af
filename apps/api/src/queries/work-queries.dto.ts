import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { toBoolean } from './case-queries.dto';
import { PageQuery } from './page.dto';

export class WorklistQuery extends PageQuery {
  @ApiPropertyOptional({ description: "One of the caller's teams: that team's queue" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  teamId?: string;
}

export class InputBoardQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) serviceId?: string;
  @ApiPropertyOptional({ enum: ['requested', 'accepted', 'declined', 'delivered', 'withdrawn'] })
  @IsOptional()
  @IsIn(['requested', 'accepted', 'declined', 'delivered', 'withdrawn'])
  status?: string;
  @ApiPropertyOptional({
    description: 'true: only requests past their respond-by time and still unanswered',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;
}

export class ConcernRegisterQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) localityId?: string;
  @ApiPropertyOptional({ enum: ['awaiting-decision', 'no-enquiry', 'enquiry-open', 'concluded'] })
  @IsOptional()
  @IsIn(['awaiting-decision', 'no-enquiry', 'enquiry-open', 'concluded'])
  status?: string;
}

export class CaseloadQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) localityId?: string;
}
