import { Query } from '@nestjs/cqrs';
import type { RetentionDuePage } from './retention-due.response';

/**
 * Closed cases whose retention has run out by `asOf` and that no legal hold keeps: what
 * the retention run will dispose of (API.md "Records management"). Records officers only,
 * checked by the route; every case is in their reach, so the answer needs no principal.
 */
export class ListRetentionDueQuery extends Query<RetentionDuePage> {
  constructor(
    readonly asOf: Date,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}
