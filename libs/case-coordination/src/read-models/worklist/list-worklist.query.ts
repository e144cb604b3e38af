import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../access/principal';
import type { Page, PageRequest } from '../read-queries';
import type { WorklistItem } from './worklist.responses';

/**
 * The caller's work: follow-ups they own, hand-overs waiting for them, inputs their
 * team's service must answer, and for team managers the escalations and unallocated
 * cases of their localities (safeguarding leads: undecided concerns). With `teamId`
 * (one of the caller's teams), that team's queue.
 */
export class ListWorklist extends Query<Page<WorklistItem>> {
  constructor(
    readonly principal: Principal,
    readonly page: PageRequest,
    readonly teamId?: string,
  ) {
    super();
  }
}
