import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import {
  DashboardResponse,
  GetDashboard,
  type Principal,
  type ProjectionName,
  QUERY_ROLES,
} from '@iln/case-coordination';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import { PROJECTION_POSITION_HEADER, ReadsProjections } from './projection-position';
import { ApiProblems, queryProblems } from '../http/api-problems.decorator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whole days on the Europe/London calendar: a window can never be narrower than one day. */
export class DashboardQuery {
  @ApiPropertyOptional({
    description:
      'First day of the period (YYYY-MM-DD, Europe/London, inclusive); default 89 days before `to`',
  })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;
  @ApiPropertyOptional({
    description: 'Last day of the period (YYYY-MM-DD, Europe/London, inclusive); default today',
  })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}

// Every measure is read from the dashboard's own counts (issue 18); teams are reference data.
const READS: ProjectionName[] = ['dashboard'];

/** Aggregates only: team managers and auditors, per locality and borough-wide. */
@ApiTags('dashboards')
@ApiBearerAuth()
@Controller('api')
export class DashboardController {
  constructor(private readonly queries: QueryBus) {}

  @Get('dashboard')
  @Roles(...QUERY_ROLES.GetDashboard)
  @ReadsProjections(...READS)
  @ApiProblems(queryProblems())
  @ApiOperation({
    operationId: 'getBoroughDashboard',
    summary: 'The measures borough-wide (those who work in every locality)',
  })
  @ApiOkResponse({
    type: DashboardResponse,
    description: 'The measures',
    headers: PROJECTION_POSITION_HEADER,
  })
  borough(
    @CurrentPrincipal() p: Principal,
    @Query() q: DashboardQuery,
  ): Promise<DashboardResponse> {
    return this.queries.execute(new GetDashboard(p, null, q.from, q.to));
  }

  @Get('localities/:id/dashboard')
  @Roles(...QUERY_ROLES.GetDashboard)
  @ReadsProjections(...READS)
  @ApiProblems(queryProblems({ 404: ['locality-not-found'] }))
  @ApiOperation({
    operationId: 'getLocalityDashboard',
    summary: "One locality's measures (auditors: any; team managers: where they work)",
  })
  @ApiOkResponse({
    type: DashboardResponse,
    description: 'The measures',
    headers: PROJECTION_POSITION_HEADER,
  })
  locality(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Query() q: DashboardQuery,
  ): Promise<DashboardResponse> {
    return this.queries.execute(new GetDashboard(p, id, q.from, q.to));
  }
}
