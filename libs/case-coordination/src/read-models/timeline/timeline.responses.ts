import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageResponse } from '../read-queries';

export class TimelineActor {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

/**
 * One event of the case. A restricted entry the caller may not read shows only its type,
 * time and `restricted: true`; an entry by a concern's raiser hides the actor (null).
 */
export class TimelineEntry {
  @ApiPropertyOptional({
    description: 'The Event-Position of the event (absent on a restricted entry)',
  })
  position?: string;
  @ApiProperty({ example: 'CoordinatorAssigned' }) type!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiPropertyOptional({ type: TimelineActor, nullable: true }) actor?: TimelineActor | null;
  @ApiPropertyOptional() summary?: string;
  @ApiPropertyOptional({ enum: [true] }) restricted?: true;
}

export class TimelinePage extends PageResponse {
  @ApiProperty({ type: [TimelineEntry] }) items!: TimelineEntry[];
}
