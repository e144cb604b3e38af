import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../access/principal';
import type { DashboardResponse } from './dashboard.responses';

/**
 * The measures of a locality (or, with `localityId` null, the borough) over whole days
 * `from`..`to` (YYYY-MM-DD, Europe/London, inclusive; default the 90 days to today).
 * Aggregates only: team managers and auditors, each within their reach.
 */
export class GetDashboard extends Query<DashboardResponse> {
  constructor(
    readonly principal: Principal,
    readonly localityId: string | null,
    readonly from?: string,
    readonly to?: string,
  ) {
    super();
  }
}
