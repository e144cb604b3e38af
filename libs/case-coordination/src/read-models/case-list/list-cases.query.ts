import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../access/principal';
import type { Page, PageRequest } from '../read-queries';
import type { CaseListItem } from './case-list.responses';

export interface CaseListFilter extends PageRequest {
  localityId?: string;
  status?: 'open' | 'closed';
  coordinatorId?: string;
  safeguarding?: boolean;
  /** Matches the reference or the resident name, case-insensitive, anywhere in it. */
  q?: string;
}

/** The case list and search: every case the caller may find (the front door too), newest change first. */
export class ListCases extends Query<Page<CaseListItem>> {
  constructor(
    readonly principal: Principal,
    readonly filter: CaseListFilter,
  ) {
    super();
  }
}
