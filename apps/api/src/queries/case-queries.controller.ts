import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CarePlanResponse,
  CarePlanVersionsPage,
  CaseDetailResponse,
  CaseListPage,
  GetCarePlanVersion,
  GetCase,
  GetCaseTimeline,
  ListCarePlanVersions,
  ListCases,
  TimelinePage,
  type CarePlanView,
  type Page,
  type Principal,
  type RedactedCase,
  QUERY_ROLES,
} from '@iln/case-coordination';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import { wholeNumberParam } from '../http/validation';
import { CaseDetailQuery, CaseListQuery } from './case-queries.dto';
import { pageOf, PageQuery } from './page.dto';
import { PROJECTION_POSITION_HEADER, ReadsProjections } from './projection-position';
import { ApiProblems, queryProblems } from '../http/api-problems.decorator';

/** Cases and what hangs off them; each route only dispatches its query. */
@ApiTags('case queries')
@ApiBearerAuth()
@Controller('api/cases')
export class CaseQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles(...QUERY_ROLES.ListCases)
  @ReadsProjections('case-list')
  @ApiProblems(queryProblems())
  @ApiOperation({
    operationId: 'listCases',
    summary: 'The cases the caller may find, newest change first; filters and search',
  })
  @ApiOkResponse({
    type: CaseListPage,
    description: 'A page of cases',
    headers: PROJECTION_POSITION_HEADER,
  })
  list(
    @CurrentPrincipal() p: Principal,
    @Query() { page, pageSize, ...filter }: CaseListQuery,
  ): Promise<CaseListPage> {
    return this.queries.execute(new ListCases(p, { ...filter, page, pageSize }));
  }

  @Get(':id')
  @Roles(...QUERY_ROLES.GetCase)
  @ReadsProjections('case-detail')
  @ApiProblems(queryProblems({ 404: ['case-not-found'] }))
  @ApiOperation({
    operationId: 'getCase',
    summary: 'One case as the caller may see it; with asAt, as it stood then',
  })
  @ApiOkResponse({
    type: CaseDetailResponse,
    description: 'The case',
    headers: {
      ...PROJECTION_POSITION_HEADER,
      ETag: {
        description: 'The version of the case, for If-Match (absent with asAt)',
        schema: { type: 'string' },
      },
    },
  })
  async detail(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Query() q: CaseDetailQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RedactedCase> {
    const { case: view, currentVersion } = await this.queries.execute(new GetCase(p, id, q.asAt));
    if (currentVersion !== null) res.setHeader('ETag', `"${currentVersion}"`);
    return view;
  }

  @Get(':id/timeline')
  @Roles(...QUERY_ROLES.GetCaseTimeline)
  @ReadsProjections('timeline', 'case-detail')
  @ApiProblems(queryProblems({ 404: ['case-not-found'] }))
  @ApiOperation({
    operationId: 'getCaseTimeline',
    summary: "The case's events in order; restricted entries withheld",
  })
  @ApiOkResponse({
    type: TimelinePage,
    description: "A page of the case's timeline",
    headers: PROJECTION_POSITION_HEADER,
  })
  timeline(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Query() q: PageQuery,
  ): Promise<TimelinePage> {
    return this.queries.execute(new GetCaseTimeline(p, id, pageOf(q)));
  }

  @Get(':id/care-plan/versions')
  @Roles(...QUERY_ROLES.ListCarePlanVersions)
  @ReadsProjections('care-plan-versions', 'case-detail')
  @ApiProblems(queryProblems({ 404: ['case-not-found'] }))
  @ApiOperation({
    operationId: 'listCarePlanVersions',
    summary: "Every version of the case's care plan, oldest first",
  })
  @ApiOkResponse({
    type: CarePlanVersionsPage,
    description: 'A page of care plan versions',
    headers: PROJECTION_POSITION_HEADER,
  })
  planVersions(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Query() q: PageQuery,
  ): Promise<Page<CarePlanView>> {
    return this.queries.execute(new ListCarePlanVersions(p, id, pageOf(q)));
  }

  @Get(':id/care-plan/versions/:n')
  @Roles(...QUERY_ROLES.GetCarePlanVersion)
  @ReadsProjections('care-plan-versions', 'case-detail')
  @ApiProblems(queryProblems({ 404: ['case-not-found', 'care-plan-version-not-found'] }))
  @ApiOperation({
    operationId: 'getCarePlanVersion',
    summary: 'One version of the care plan, as it stands',
  })
  @ApiOkResponse({
    type: CarePlanResponse,
    description: 'The care plan version',
    headers: PROJECTION_POSITION_HEADER,
  })
  planVersion(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Param('n', wholeNumberParam('n')) n: number,
  ): Promise<CarePlanView> {
    return this.queries.execute(new GetCarePlanVersion(p, id, n));
  }
}
