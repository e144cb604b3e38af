import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsDateOfBirth, IsDateOrTimestamp, IsNhsNumber } from '../cases/dto/validators';

const withoutSpaces = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\s+/g, '') : value);

/** Who the request is about: an NHS number, or given name, family name and date of birth together (or both). */
export class SubjectAccessRequestDto {
  @ApiPropertyOptional({ example: '943 476 5919', description: 'spaces allowed' }) @IsOptional() @Transform(withoutSpaces) @IsNhsNumber() nhsNumber?: string;
  @ApiPropertyOptional({ example: 'Ada', maxLength: 100 }) @IsOptional() @IsString() @Length(1, 100) givenName?: string;
  @ApiPropertyOptional({ example: 'Testcase', maxLength: 100 }) @IsOptional() @IsString() @Length(1, 100) familyName?: string;
  @ApiPropertyOptional({ example: '1948-03-14' }) @IsOptional() @IsDateOfBirth() dateOfBirth?: string;
  @ApiProperty({ example: '2026-11-23', description: 'when the council received the request: a date or an ISO 8601 timestamp' })
  @IsDateOrTimestamp()
  receivedAt!: string;
}
