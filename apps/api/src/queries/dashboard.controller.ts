import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ProblemException } from '@iln/platform';
import { CaseReadPolicy, worksIn, type Principal, type ProjectionName } from '@iln/case-coordination';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import { setPosition } from './case-queries.controller';
import { dashboardMeasures } from './dashboard-measures';
import { ReadPositions } from './read-positions.service';
import { IsDateOrTimestamp } from '../cases/dto/validators';

export class DashboardQuery {
  @ApiPropertyOptional({ description: 'Start of the period (inclusive); default 90 days before `to`' })
  @IsOptional()
  @IsDateOrTimestamp()
  from?: string;
  @ApiPropertyOptional({ description: 'End of the period (exclusive); default now' })
  @IsOptional()
  @IsDateOrTimestamp()
  to?: string;
}

const READS: ProjectionName[] = ['case-list', 'care-plan-versions', 'worklist', 'specialist-inputs', 'safeguarding-register', 'discharges'];
const DEFAULT_PERIOD_MS = 90 * 86_400_000;

/** Aggregates only: team managers and auditors, per locality and borough-wide. */
@ApiTags('dashboards')
@ApiBearerAuth()
@Controller('api')
export class DashboardController {
  constructor(
    private readonly ds: DataSource,
    private readonly positions: ReadPositions,
    private readonly policy: CaseReadPolicy,
  ) {}

  @Get('dashboard')
  @Roles('team-manager', 'auditor')
  async borough(
    @Query() q: DashboardQuery,
    @Headers('await-position') awaitPosition: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    return this.answer(null, q, awaitPosition, res);
  }

  @Get('localities/:id/dashboard')
  @Roles('team-manager', 'auditor')
  async locality(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Query() q: DashboardQuery,
    @Headers('await-position') awaitPosition: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const [known] = await this.ds.query(`SELECT count(*)::int AS n FROM localities WHERE id = $1`, [id]);
    if (known.n === 0 || !(this.policy.allLocalities(p) || worksIn(p, id))) {
      throw new ProblemException(404, 'locality-not-found', 'Locality not found', 'No locality with this id is visible to you.');
    }
    return this.answer(id, q, awaitPosition, res);
  }

  private async answer(localityId: string | null, q: DashboardQuery, awaitPosition: string | undefined, res: Response): Promise<unknown> {
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - DEFAULT_PERIOD_MS);
    if (from.getTime() > to.getTime()) {
      throw new ProblemException(400, 'validation', 'Invalid request', '1 field(s) failed validation', [{ field: 'from', message: 'from must not be after to' }]);
    }
    setPosition(res, await this.positions.positionFor(READS, awaitPosition));
    return { scope: localityId ?? 'borough', localityId, from: from.toISOString(), to: to.toISOString(), measures: await dashboardMeasures(this.ds, localityId, from, to) };
  }
}
