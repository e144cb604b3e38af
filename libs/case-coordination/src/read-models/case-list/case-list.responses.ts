import { ApiProperty } from '@nestjs/swagger';
import { PageResponse } from '../read-queries';

export class CaseListCoordinator {
  @ApiProperty({ description: 'The practitioner id' }) id!: string;
  @ApiProperty() name!: string;
}

/** A case in the list and in search: summary fields only. */
export class CaseListItem {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'ILN-GRA-000123' }) reference!: string;
  @ApiProperty() residentName!: string;
  @ApiProperty() localityId!: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: string;
  @ApiProperty({ type: CaseListCoordinator, nullable: true })
  coordinator!: CaseListCoordinator | null;
  @ApiProperty() safeguardingFlag!: boolean;
  @ApiProperty({
    type: 'integer',
    description: 'Specialist inputs requested or accepted and not yet answered',
  })
  openInputs!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextReviewDue!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
}

export class CaseListPage extends PageResponse {
  @ApiProperty({ type: [CaseListItem] }) items!: CaseListItem[];
}

/** One coordinator's open, allocated cases. */
export class CaseloadItem {
  @ApiProperty() practitionerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer' }) openCases!: number;
  @ApiProperty({ type: 'integer', description: 'Of them, those of complex complexity' })
  complexCases!: number;
}
