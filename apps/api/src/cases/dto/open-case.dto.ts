import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsDefined, IsIn, IsObject, IsOptional, IsString, Length, Matches, ValidateNested,
} from 'class-validator';
import { IsDateOfBirth, IsNhsNumber, SLUG_ID } from './validators';
import { CASE_SOURCES, COMPLEXITIES } from '@iln/case-coordination';

const withoutSpaces = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\s+/g, '') : value);

export class ResidentDto {
  @ApiProperty({ example: 'Ada', maxLength: 100 }) @IsString() @Length(1, 100) givenName!: string;
  @ApiProperty({ example: 'Example', maxLength: 100 }) @IsString() @Length(1, 100) familyName!: string;
  @ApiProperty({ example: '1948-03-14', description: 'YYYY-MM-DD, in the past' }) @IsDateOfBirth() dateOfBirth!: string;
  @ApiPropertyOptional({ example: '9434765919', description: '10 digits (spaces allowed) with a valid mod-11 check digit' })
  @IsOptional() @Transform(withoutSpaces) @IsNhsNumber() nhsNumber?: string;
  @ApiPropertyOptional({ example: 'RM17 6XX' }) @IsOptional() @IsString() @Length(2, 10)
  @Matches(/^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$/, { message: 'postcode must be a UK postcode' }) postcode?: string;
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @IsString() @Length(1, 300) address?: string;
}

export class OpenCaseDto {
  @ApiProperty({ type: ResidentDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => ResidentDto) resident!: ResidentDto;
  @ApiProperty({ example: 'grays', description: 'a locality id from GET /api/localities' }) @IsString() @Matches(SLUG_ID) localityId!: string;
  @ApiProperty({ enum: CASE_SOURCES }) @IsIn(CASE_SOURCES) source!: (typeof CASE_SOURCES)[number];
  @ApiProperty({ maxLength: 2000 }) @IsString() @Length(1, 2000) reason!: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) @Length(1, 200, { each: true })
  needs?: string[];
  @ApiPropertyOptional({ maxLength: 4000, description: "the resident's own words" }) @IsOptional() @IsString() @Length(1, 4000) whatMatters?: string;
  @ApiPropertyOptional({ enum: COMPLEXITIES }) @IsOptional() @IsIn(COMPLEXITIES) complexity?: (typeof COMPLEXITIES)[number];
}

export class OpenCaseResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ example: 'ILN-GRA-000123' }) reference!: string;
}
