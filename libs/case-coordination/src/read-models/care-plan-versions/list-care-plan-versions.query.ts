import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../access/principal';
import type { CarePlanView } from '../case-detail/case-view';
import type { Page, PageRequest } from '../read-queries';

/** Every version of a case's care plan, oldest first. */
export class ListCarePlanVersions extends Query<Page<CarePlanView>> {
  constructor(
    readonly principal: Principal,
    readonly caseId: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}
