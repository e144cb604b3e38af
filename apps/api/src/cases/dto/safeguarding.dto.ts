import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ENQUIRY_OUTCOMES, OUTCOMES_MET, RISKS, SAFEGUARDING_CATEGORIES } from '@iln/case-coordination';

export class RaiseConcernDto {
  @ApiProperty({ enum: SAFEGUARDING_CATEGORIES, isArray: true })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @ArrayUnique() @IsIn(SAFEGUARDING_CATEGORIES, { each: true })
  categories!: Array<(typeof SAFEGUARDING_CATEGORIES)[number]>;
  @ApiProperty({ enum: RISKS }) @IsIn(RISKS) risk!: (typeof RISKS)[number];
  @ApiProperty({ maxLength: 4000 }) @IsString() @Length(1, 4000) summary!: string;
}

export class DecideConcernDto {
  @ApiProperty({ description: 'true: a section 42 enquiry is needed' }) @IsBoolean() section42!: boolean;
  @ApiProperty({ maxLength: 4000 }) @IsString() @Length(1, 4000) rationale!: string;
}

export class ConcludeEnquiryDto {
  @ApiProperty({ enum: ENQUIRY_OUTCOMES }) @IsIn(ENQUIRY_OUTCOMES) outcome!: (typeof ENQUIRY_OUTCOMES)[number];
  @ApiProperty({ description: 'Making Safeguarding Personal: were the desired outcomes asked?' }) @IsBoolean() desiredOutcomesAsked!: boolean;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @Length(1, 4000) desiredOutcomes?: string;
  @ApiPropertyOptional({ enum: OUTCOMES_MET }) @IsOptional() @IsIn(OUTCOMES_MET) outcomesMet?: (typeof OUTCOMES_MET)[number];
}

export class FlagReviewDto {
  @ApiProperty({ maxLength: 4000 }) @IsString() @Length(1, 4000) note!: string;
}
