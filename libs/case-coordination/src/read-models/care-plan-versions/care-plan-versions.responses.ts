import { ApiProperty } from '@nestjs/swagger';
import { CarePlanResponse } from '../case-detail/case-detail.responses';
import { PageResponse } from '../read-queries';

export class CarePlanVersionsPage extends PageResponse {
  @ApiProperty({ type: [CarePlanResponse] }) items!: CarePlanResponse[];
}
