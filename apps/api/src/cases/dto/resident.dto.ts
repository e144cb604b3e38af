import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { ResidentDto } from './open-case.dto';

/** Any of the resident's details, validated as at opening (NHS number mod 11, no future date of birth), and why. */
export class CorrectResidentDto extends PartialType(ResidentDto) {
  @ApiProperty({ maxLength: 2000, description: 'why the details are corrected' }) @IsString() @Length(1, 2000) reason!: string;
}
