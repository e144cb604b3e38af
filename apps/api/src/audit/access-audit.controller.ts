import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessAuditLog } from '@iln/case-coordination';
import { Roles } from '../auth/decorators';
import { ApiProblems, READ_PROBLEMS } from '../http/api-problems.decorator';
import { AccessAuditPage, AccessAuditQuery } from './access-audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AccessAuditController {
  constructor(private readonly log: AccessAuditLog) {}

  @Get('access')
  @Roles('auditor')
  @ApiOperation({ operationId: 'searchAccessAudit', summary: 'Who read or changed which case, when, with what outcome (auditors only)' })
  @ApiOkResponse({ type: AccessAuditPage })
  @ApiProblems(READ_PROBLEMS)
  async search(@Query() q: AccessAuditQuery): Promise<AccessAuditPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const { items, total } = await this.log.search(
      { caseId: q.caseId, userId: q.userId, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined },
      { offset: (page - 1) * pageSize, limit: pageSize },
    );
    return {
      items: items.map(({ principalId, ...rest }) => ({ ...rest, userId: principalId })),
      total,
      page,
      pageSize,
    };
  }
}
