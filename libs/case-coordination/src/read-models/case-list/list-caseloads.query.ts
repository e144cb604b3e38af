import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../access/principal';
import type { CaseloadItem } from './case-list.responses';

/** Open, allocated cases per coordinator, within the caller's reach; largest caseload first. */
export class ListCaseloads extends Query<CaseloadItem[]> {
  constructor(
    readonly principal: Principal,
    readonly localityId?: string,
  ) {
    super();
  }
}
