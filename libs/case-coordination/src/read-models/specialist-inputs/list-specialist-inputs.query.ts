import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../access/principal';
import type { Page, PageRequest } from '../read-queries';
import type { SpecialistInputBoardItem } from './specialist-inputs.responses';

export interface SpecialistInputFilter extends PageRequest {
  serviceId?: string;
  status?: string;
  /** true: only requests past their respond-by time and still unanswered; false: the others. */
  overdue?: boolean;
}

/** The specialist-input board: requests on the cases the caller may see, soonest due first. */
export class ListSpecialistInputs extends Query<Page<SpecialistInputBoardItem>> {
  constructor(
    readonly principal: Principal,
    readonly filter: SpecialistInputFilter,
  ) {
    super();
  }
}
