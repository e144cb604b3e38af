import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { pageOf } from '../read-models/read-queries';
import { AccessAuditLog } from './access-audit.log';
import type { AccessAuditPage } from './access-audit.responses';
import { ListAccessAudit } from './list-access-audit.query';

/** Answers from the app's AccessAuditLog (the app provides it, with its pool). */
@QueryHandler(ListAccessAudit)
export class ListAccessAuditHandler implements IQueryHandler<ListAccessAudit> {
  constructor(private readonly log: AccessAuditLog) {}

  async execute({ filter, page }: ListAccessAudit): Promise<AccessAuditPage> {
    const { items, total } = await this.log.search(filter, {
      offset: (page.page - 1) * page.pageSize,
      limit: page.pageSize,
    });
    return pageOf(
      items.map(({ principalId, ...rest }) => ({ ...rest, userId: principalId })),
      total,
      page,
    );
  }
}
