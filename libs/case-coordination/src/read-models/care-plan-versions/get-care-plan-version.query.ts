import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../access/principal';
import type { CarePlanView } from '../case-detail/case-view';

/** One version of a case's care plan, as it stands (agreed, reviewed, actions done). */
export class GetCarePlanVersion extends Query<CarePlanView> {
  constructor(
    readonly principal: Principal,
    readonly caseId: string,
    readonly planVersion: number,
  ) {
    super();
  }
}
