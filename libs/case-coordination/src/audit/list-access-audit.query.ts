import { Query } from '@nestjs/cqrs';
import type { PageRequest } from '../read-models/read-queries';
import type { AccessAuditFilter } from './access-audit.log';
import type { AccessAuditPage } from './access-audit.responses';

/** Who read or changed which case, when, with what outcome; newest first (auditors only, checked by the route). */
export class ListAccessAudit extends Query<AccessAuditPage> {
  constructor(
    readonly filter: AccessAuditFilter,
    readonly page: PageRequest,
  ) {
    super();
  }
}
