import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, Equals, IsArray, IsBoolean, IsDefined, IsIn, IsObject, IsOptional, IsString, Length, Matches, ValidateNested,
} from 'class-validator';
import { IsCalendarDate, SLUG_ID } from './validators';
import { ACTION_OWNER_KINDS } from '@iln/case-coordination';

export class GoalDto {
  @ApiPropertyOptional({ description: 'keep to revise an existing goal; generated when missing' })
  @IsOptional() @IsString() @Matches(SLUG_ID) id?: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @Length(1, 2000) description!: string;
  @ApiPropertyOptional({ example: '2027-01-31' }) @IsOptional() @IsCalendarDate() targetDate?: string;
}

export class ActionOwnerDto {
  @ApiProperty({ enum: ACTION_OWNER_KINDS }) @IsIn(ACTION_OWNER_KINDS) kind!: (typeof ACTION_OWNER_KINDS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(SLUG_ID) id?: string;
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
}

export class ActionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(SLUG_ID) id?: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @Length(1, 2000) description!: string;
  @ApiProperty({ type: ActionOwnerDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => ActionOwnerDto) owner!: ActionOwnerDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(SLUG_ID) goalId?: string;
  @ApiPropertyOptional({ example: '2026-12-01' }) @IsOptional() @IsCalendarDate() dueDate?: string;
}

export class DraftCarePlanDto {
  @ApiProperty({ maxLength: 4000 }) @IsString() @Length(1, 4000) whatMatters!: string;
  @ApiProperty({ type: [GoalDto] }) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => GoalDto) goals!: GoalDto[];
  @ApiProperty({ type: [ActionDto] }) @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ActionDto) actions!: ActionDto[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 1000, { each: true })
  informalSupport?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 1000, { each: true })
  risksAccepted?: string[];
}

export class AgreeCarePlanDto {
  @ApiProperty({ enum: [true] }) @IsBoolean() @Equals(true, { message: 'agreedWithResident must be true: a plan is agreed with the resident' })
  agreedWithResident!: true;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @Length(1, 4000) note?: string;
}

export class RecordReviewDto {
  @ApiProperty({ maxLength: 4000 }) @IsString() @Length(1, 4000) summary!: string;
  @ApiPropertyOptional({ example: '2027-06-30' }) @IsOptional() @IsCalendarDate() nextReviewDate?: string;
}

export class OptionalNoteDto {
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @Length(1, 4000) note?: string;
}
