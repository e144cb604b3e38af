import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListRetentionDueQuery, QUERY_ROLES, RetentionDuePage } from '@iln/case-coordination';
import { Roles } from '../auth/decorators';
import { PageQuery } from './page.dto';
import { PROJECTION_POSITION_HEADER, ReadsProjections } from './projection-position';
import { ApiProblems, queryProblems } from '../http/api-problems.decorator';

/** API.md "Records management" (issue 16): what retention will take; the route only dispatches its query. */
@ApiTags('records management')
@ApiBearerAuth()
@Controller('api/retention')
export class RetentionController {
  constructor(private readonly queries: QueryBus) {}

  @Get('due')
  @Roles(...QUERY_ROLES.ListRetentionDue)
  @ReadsProjections('case-list')
  @ApiProblems(queryProblems())
  @ApiOperation({
    operationId: 'listRetentionDue',
    summary: 'Closed cases past RETENTION_YEARS after closure and under no legal hold, longest closed first (records officers)',
  })
  @ApiOkResponse({ type: RetentionDuePage, description: 'A page of the cases due for disposal', headers: PROJECTION_POSITION_HEADER })
  due(@Query() q: PageQuery): Promise<RetentionDuePage> {
    return this.queries.execute(new ListRetentionDueQuery(new Date(), q.page, q.pageSize));
  }
}
