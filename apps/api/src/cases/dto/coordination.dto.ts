import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { SLUG_ID } from './validators';

export class AllocateCoordinatorDto {
  @ApiProperty({ example: 'p-grays-2' }) @IsString() @Matches(SLUG_ID) practitionerId!: string;
  @ApiProperty({ example: 'Priya Testwell' }) @IsString() @Length(1, 200) practitionerName!: string;
  @ApiPropertyOptional({ example: 'cls-grays' }) @IsOptional() @IsString() @Matches(SLUG_ID) teamId?: string;
}

export class ProposeHandoverDto {
  @ApiProperty() @IsString() @Matches(SLUG_ID) toPractitionerId!: string;
  @ApiProperty() @IsString() @Length(1, 200) toPractitionerName!: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @Length(1, 2000) reason!: string;
  @ApiPropertyOptional({ example: 'cls-grays', description: "the receiver's team: the coordinator's team once accepted (else none)" })
  @IsOptional() @IsString() @Matches(SLUG_ID) toTeamId?: string;
}

export class ReasonDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @Length(1, 2000) reason!: string;
}

export class AddCareTeamMemberDto {
  @ApiProperty({ example: 'p-grays-3' }) @IsString() @Matches(SLUG_ID) memberId!: string;
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: 'NELFT' }) @IsString() @Length(1, 200) organisation!: string;
  @ApiProperty({ example: 'community nurse' }) @IsString() @Length(1, 200) role!: string;
}
