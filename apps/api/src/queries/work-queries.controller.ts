import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CaseloadItem,
  ListCaseloads,
  ListSafeguardingConcerns,
  ListSpecialistInputs,
  ListWorklist,
  SafeguardingConcernPage,
  SpecialistInputBoardPage,
  WorklistPage,
  type Principal,
  QUERY_ROLES,
} from '@iln/case-coordination';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import { pageOf } from './page.dto';
import { PROJECTION_POSITION_HEADER, ReadsProjections } from './projection-position';
import {
  CaseloadQuery,
  ConcernRegisterQuery,
  InputBoardQuery,
  WorklistQuery,
} from './work-queries.dto';
import { ApiProblems, queryProblems } from '../http/api-problems.decorator';

/** Worklists, boards, the register and caseloads; each route only dispatches its query. */
@ApiTags('work queries')
@ApiBearerAuth()
@Controller('api')
export class WorkQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get('worklist')
  @Roles(...QUERY_ROLES.ListWorklist)
  @ReadsProjections('worklist', 'case-list')
  @ApiProblems(queryProblems({ 403: ['not-team-member'] }))
  @ApiOperation({
    operationId: 'listWorklist',
    summary:
      "The caller's work (follow-ups, hand-overs, inputs to answer; managers and leads: their localities' share), soonest due first",
  })
  @ApiOkResponse({
    type: WorklistPage,
    description: 'A page of work',
    headers: PROJECTION_POSITION_HEADER,
  })
  worklist(@CurrentPrincipal() p: Principal, @Query() q: WorklistQuery): Promise<WorklistPage> {
    return this.queries.execute(new ListWorklist(p, pageOf(q), q.teamId));
  }

  @Get('specialist-inputs')
  @Roles(...QUERY_ROLES.ListSpecialistInputs)
  @ReadsProjections('specialist-inputs', 'case-list')
  @ApiProblems(queryProblems())
  @ApiOperation({
    operationId: 'listSpecialistInputs',
    summary: 'The specialist-input board: requests on the cases the caller may see',
  })
  @ApiOkResponse({
    type: SpecialistInputBoardPage,
    description: 'A page of the board',
    headers: PROJECTION_POSITION_HEADER,
  })
  inputBoard(
    @CurrentPrincipal() p: Principal,
    @Query() { page, pageSize, ...filter }: InputBoardQuery,
  ): Promise<SpecialistInputBoardPage> {
    return this.queries.execute(new ListSpecialistInputs(p, { ...filter, page, pageSize }));
  }

  @Get('safeguarding/concerns')
  @Roles(...QUERY_ROLES.ListSafeguardingConcerns)
  @ReadsProjections('safeguarding-register', 'case-list')
  @ApiProblems(queryProblems())
  @ApiOperation({
    operationId: 'listSafeguardingConcerns',
    summary: 'The safeguarding register, newest first; detail only where the caller may see it',
  })
  @ApiOkResponse({
    type: SafeguardingConcernPage,
    description: 'A page of the register',
    headers: PROJECTION_POSITION_HEADER,
  })
  concerns(
    @CurrentPrincipal() p: Principal,
    @Query() { page, pageSize, ...filter }: ConcernRegisterQuery,
  ): Promise<SafeguardingConcernPage> {
    return this.queries.execute(new ListSafeguardingConcerns(p, { ...filter, page, pageSize }));
  }

  @Get('caseloads')
  @Roles(...QUERY_ROLES.ListCaseloads)
  @ReadsProjections('case-list')
  @ApiProblems(queryProblems())
  @ApiOperation({
    operationId: 'listCaseloads',
    summary: 'Open, allocated cases per coordinator, largest first',
  })
  @ApiOkResponse({
    type: [CaseloadItem],
    description: 'Caseloads',
    headers: PROJECTION_POSITION_HEADER,
  })
  caseloads(@CurrentPrincipal() p: Principal, @Query() q: CaseloadQuery): Promise<CaseloadItem[]> {
    return this.queries.execute(new ListCaseloads(p, q.localityId));
  }
}
