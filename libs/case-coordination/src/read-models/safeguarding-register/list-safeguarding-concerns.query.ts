import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../access/principal';
import type { Page, PageRequest } from '../read-queries';
import type { SafeguardingConcernItem } from './safeguarding-register.responses';

export interface ConcernFilter extends PageRequest {
  localityId?: string;
  status?: string;
}

/** The safeguarding register: concerns on the cases the caller may see, newest first. */
export class ListSafeguardingConcerns extends Query<Page<SafeguardingConcernItem>> {
  constructor(
    readonly principal: Principal,
    readonly filter: ConcernFilter,
  ) {
    super();
  }
}
