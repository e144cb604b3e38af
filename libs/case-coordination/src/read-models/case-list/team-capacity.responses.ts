import { ApiProperty } from '@nestjs/swagger';

export class TeamCapacityResident {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'ILN-TIL-000123' }) reference!: string;
  @ApiProperty({ example: 12.5 }) hoursPerWeek!: number;
}

/** Where a Wellbeing Team stands against its capacity (API.md "The record, completed"). */
export class TeamCapacity {
  @ApiProperty({ example: 'wellbeing-tilbury' }) teamId!: string;
  @ApiProperty({ example: 200 }) hoursCapacity!: number;
  @ApiProperty({ description: 'Hours a week allocated to open cases, all of them (whether or not you may see them)' }) hoursAllocated!: number;
  @ApiProperty({ type: [TeamCapacityResident], description: 'Only the cases you may see, most hours first' }) residents!: TeamCapacityResident[];
}
