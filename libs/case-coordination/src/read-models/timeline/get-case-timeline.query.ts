import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../access/principal';
import type { Page, PageRequest } from '../read-queries';
import type { TimelineEntry } from './timeline.responses';

/** A case's events in order, restricted entries withheld as the caller's rights require. */
export class GetCaseTimeline extends Query<Page<TimelineEntry>> {
  constructor(
    readonly principal: Principal,
    readonly caseId: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}
