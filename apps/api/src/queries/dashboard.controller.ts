import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import type { Response } from 'express';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { ProblemException } from '@iln/platform';
import { CaseReadPolicy, hasRole, LONDON, worksIn, type Principal, type ProjectionName } from '@iln/case-coordination';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import { validationProblem } from '../http/validation';
import { setPosition } from './case-queries.controller';
import { dashboardMeasures } from './dashboard-measures';
import { ReadPositions } from './read-positions.service';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whole days on the Europe/London calendar: a window can never be narrower than one day. */
export class DashboardQuery {
  @ApiPropertyOptional({ description: 'First day of the period (YYYY-MM-DD, Europe/London, inclusive); default 89 days before `to`' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;
  @ApiPropertyOptional({ description: 'Last day of the period (YYYY-MM-DD, Europe/London, inclusive); default today' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}

const READS: ProjectionName[] = ['case-list', 'care-plan-versions', 'worklist', 'specialist-inputs', 'safeguarding-register', 'discharges'];
const DEFAULT_DAYS = 90;
const FIRST_YEAR = 1900;
const LAST_YEAR = 2999;

function londonDay(value: string | undefined, field: string): DateTime | null {
  if (value === undefined) return null;
  const day = DateTime.fromISO(value, { zone: LONDON });
  if (!day.isValid) throw validationProblem([{ field, message: `${field} must be a real calendar date` }]);
  // Outside these years the instants have no plain ISO form (year 0, year 10000) for the database to read.
  if (day.year < FIRST_YEAR || day.year > LAST_YEAR) throw validationProblem([{ field, message: `${field} must be in the years ${FIRST_YEAR} to ${LAST_YEAR}` }]);
  return day.startOf('day');
}

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
    @CurrentPrincipal() p: Principal,
    @Query() q: DashboardQuery,
    @Headers('await-position') awaitPosition: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    if (!this.policy.worksEverywhere(p)) {
      throw new ProblemException(403, 'forbidden', 'Forbidden', 'The borough dashboard is for those who work in every locality.');
    }
    return this.answer(p, null, q, awaitPosition, res);
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
    // Each role within its own reach: auditors read everywhere, managers where they work.
    const mayRead = hasRole(p, 'auditor') || (hasRole(p, 'team-manager') && worksIn(p, id));
    const [known] = await this.ds.query(`SELECT count(*)::int AS n FROM localities WHERE id = $1`, [id]);
    if (known.n === 0 || !mayRead) {
      throw new ProblemException(404, 'locality-not-found', 'Locality not found', 'No locality with this id is visible to you.');
    }
    return this.answer(p, id, q, awaitPosition, res);
  }

  private async answer(p: Principal, localityId: string | null, q: DashboardQuery, awaitPosition: string | undefined, res: Response): Promise<unknown> {
    const lastDay = londonDay(q.to, 'to') ?? DateTime.now().setZone(LONDON).startOf('day');
    const firstDay = londonDay(q.from, 'from') ?? lastDay.minus({ days: DEFAULT_DAYS - 1 });
    if (firstDay > lastDay) throw validationProblem([{ field: 'from', message: 'from must not be after to' }]);
    setPosition(res, await this.positions.positionFor(READS, awaitPosition));
    // Small counts of safeguarding outcomes could identify a person: only a safeguarding lead
    // whose reach covers the whole scope sees them.
    const leadOfScope = hasRole(p, 'safeguarding-lead') && (localityId === null ? this.policy.worksEverywhere(p) : worksIn(p, localityId));
    const measures = await dashboardMeasures(this.ds, localityId, firstDay.toJSDate(), lastDay.plus({ days: 1 }).toJSDate(), { smallOutcomeCounts: leadOfScope });
    return { scope: localityId ?? 'borough', localityId, from: firstDay.toISODate(), to: lastDay.toISODate(), measures };
  }
}
