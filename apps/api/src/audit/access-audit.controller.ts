import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessAuditPage, ListAccessAudit, QUERY_ROLES } from '@iln/case-coordination';
import { Roles } from '../auth/decorators';
import { ApiProblems, READ_PROBLEMS } from '../http/api-problems.decorator';
import { AccessAuditQuery } from './access-audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AccessAuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get('access')
  @Roles(...QUERY_ROLES.ListAccessAudit)
  @ApiOperation({
    operationId: 'listAccessAudit',
    summary: 'Who read or changed which case, when, with what outcome (auditors only)',
  })
  @ApiOkResponse({ type: AccessAuditPage, description: 'A page of the access audit' })
  @ApiProblems(READ_PROBLEMS)
  search(@Query() q: AccessAuditQuery): Promise<AccessAuditPage> {
    const filter = {
      caseId: q.caseId,
      userId: q.userId,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
    };
    return this.queries.execute(
      new ListAccessAudit(filter, { page: q.page ?? 1, pageSize: q.pageSize ?? 50 }),
    );
  }
}
