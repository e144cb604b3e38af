import { ApiProperty } from '@nestjs/swagger';
import { PageResponse } from '../read-queries';

export class SpecialistInputBoardItem {
  @ApiProperty() inputId!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'ILN-GRA-000123' }) reference!: string;
  @ApiProperty() localityId!: string;
  @ApiProperty() serviceId!: string;
  @ApiProperty({ enum: ['brokered', 'joint-visit', 'formal-referral'] }) mode!: string;
  @ApiProperty({ enum: ['crisis', 'urgent', 'routine'] }) urgency!: string;
  @ApiProperty() request!: string;
  @ApiProperty({ enum: ['requested', 'accepted', 'declined', 'delivered', 'withdrawn'] })
  status!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) requestedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) respondBy!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'First answer (accepted or declined)',
  })
  respondedAt!: string | null;
  @ApiProperty({ description: 'Still requested past its respond-by time' }) overdue!: boolean;
}

export class SpecialistInputBoardPage extends PageResponse {
  @ApiProperty({ type: [SpecialistInputBoardItem] }) items!: SpecialistInputBoardItem[];
}
