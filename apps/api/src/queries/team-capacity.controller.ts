import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProblemException } from '@iln/platform';
import { CASE_CONTENT_READERS, GetTeamCapacity, TeamCapacity, type Principal } from '@iln/case-coordination';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import { slugParam } from '../cases/command-http';
import { ProblemDto } from '../cases/dto/responses.dto';
import { setPosition } from './case-queries.controller';
import { ReadPositions } from './read-positions.service';

/** Wellbeing Team hours against capacity (issue 13); the route only dispatches its query. */
@ApiTags('reference data')
@ApiBearerAuth()
@Controller('api/teams')
export class TeamCapacityController {
  constructor(
    private readonly queries: QueryBus,
    private readonly positions: ReadPositions,
  ) {}

  @Get(':id/capacity')
  // Those who read case content, and admins (the hours are reference-data sized; they see no residents).
  @Roles(...CASE_CONTENT_READERS, 'admin')
  @ApiOperation({
    operationId: 'getTeamCapacity',
    summary: "A Wellbeing Team's weekly hours capacity, hours allocated to open cases, and the residents you may see",
  })
  @ApiOkResponse({ type: TeamCapacity })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'no such team, or a team without a home-care capacity' })
  async capacity(
    @CurrentPrincipal() p: Principal,
    @Param('id', slugParam('id')) id: string,
    @Headers('await-position') awaitPosition: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TeamCapacity> {
    setPosition(res, await this.positions.positionFor(['case-list'], awaitPosition));
    const answer = await this.queries.execute(new GetTeamCapacity(p, id));
    if (!answer) throw new ProblemException(404, 'team-not-found', 'Not found', 'No team with a home-care capacity has this id.');
    return answer;
  }
}
