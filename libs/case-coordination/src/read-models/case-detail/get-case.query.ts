import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../access/principal';
import type { RedactedCase } from '../case-read.policy';

export interface GetCaseResult {
  case: RedactedCase;
  /** The version of the case as it stands (the ETag); null for a view of the past. */
  currentVersion: number | null;
}

/** One case as the caller may see it; with `asAt`, as it stood then (read by today's rights). */
export class GetCase extends Query<GetCaseResult> {
  constructor(
    readonly principal: Principal,
    readonly caseId: string,
    readonly asAt?: string,
  ) {
    super();
  }
}
