import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { INPUT_MODES, URGENCIES } from '@iln/case-coordination';
import { SLUG_ID } from './validators';

export class RequestSpecialistInputDto {
  @ApiProperty({ example: 'falls', description: 'a service id from GET /api/specialist-services' }) @IsString() @Matches(SLUG_ID) serviceId!: string;
  @ApiProperty({ enum: INPUT_MODES }) @IsIn(INPUT_MODES) mode!: (typeof INPUT_MODES)[number];
  @ApiProperty({ enum: URGENCIES }) @IsIn(URGENCIES) urgency!: (typeof URGENCIES)[number];
  @ApiProperty({ maxLength: 4000 }) @IsString() @Length(1, 4000) request!: string;
}

export class AcceptInputDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) byName?: string;
}

export class DeliverInputDto {
  @ApiProperty({ maxLength: 4000, description: 'what the input added to the plan' }) @IsString() @Length(1, 4000) summary!: string;
}
