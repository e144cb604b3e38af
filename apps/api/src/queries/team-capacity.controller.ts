import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetTeamCapacity, QUERY_ROLES, TeamCapacity, type Principal } from '@iln/case-coordination';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import { slugParam } from '../cases/command-http';
import { PROJECTION_POSITION_HEADER, ReadsProjections } from './projection-position';
import { ApiProblems, queryProblems } from '../http/api-problems.decorator';

/** Wellbeing Team hours against capacity (issue 13); the route only dispatches its query. */
@ApiTags('reference data')
@ApiBearerAuth()
@Controller('api/teams')
export class TeamCapacityController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/capacity')
  @Roles(...QUERY_ROLES.GetTeamCapacity)
  @ReadsProjections('case-list')
  @ApiProblems(queryProblems({ 404: ['team-not-found'] }))
  @ApiOperation({
    operationId: 'getTeamCapacity',
    summary: "A Wellbeing Team's weekly hours capacity, hours allocated to open cases, and the residents you may see",
  })
  @ApiOkResponse({ type: TeamCapacity, headers: PROJECTION_POSITION_HEADER })
  capacity(@CurrentPrincipal() p: Principal, @Param('id', slugParam('id')) id: string): Promise<TeamCapacity> {
    return this.queries.execute(new GetTeamCapacity(p, id));
  }
}
