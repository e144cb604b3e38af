import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

// issue 13, part B: the safeguarding override of a consent refusal.
export class ConsentOverrideDto {
  @ApiProperty({ example: 'nelft', maxLength: 200 }) @IsString() @Length(1, 200) organisation!: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @Length(1, 2000) reason!: string;
}
