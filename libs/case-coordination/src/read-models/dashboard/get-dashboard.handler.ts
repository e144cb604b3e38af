import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import { ReadDataSource } from '@iln/platform';
import { hasRole, worksIn, type Principal } from '../../access/principal';
import { LONDON } from '../../calendar/england-working-calendar';
import { ReferenceData } from '../../reference-data/reference-data';
import { CaseReadPolicy } from '../case-read.policy';
import { InvalidQueryParameter, LocalityNotVisible, NotEveryLocality } from '../read-errors';
import { dashboardMeasures } from './dashboard-measures';
import type { DashboardResponse } from './dashboard.responses';
import { GetDashboard } from './get-dashboard.query';

const DEFAULT_DAYS = 90;
const FIRST_YEAR = 1900;
const LAST_YEAR = 2999;

function londonDay(value: string | undefined, field: string): DateTime | null {
  if (value === undefined) return null;
  const day = DateTime.fromISO(value, { zone: LONDON });
  if (!day.isValid) throw new InvalidQueryParameter(field, `${field} must be a real calendar date`);
  // Outside these years the instants have no plain ISO form (year 0, year 10000) for the database to read.
  if (day.year < FIRST_YEAR || day.year > LAST_YEAR)
    throw new InvalidQueryParameter(
      field,
      `${field} must be in the years ${FIRST_YEAR} to ${LAST_YEAR}`,
    );
  return day.startOf('day');
}

@QueryHandler(GetDashboard)
export class GetDashboardHandler implements IQueryHandler<GetDashboard> {
  constructor(
    private readonly ds: ReadDataSource,
    private readonly policy: CaseReadPolicy,
    private readonly referenceData: ReferenceData,
  ) {}

  async execute({ principal: p, localityId, from, to }: GetDashboard): Promise<DashboardResponse> {
    await this.assertMayRead(p, localityId);
    const lastDay = londonDay(to, 'to') ?? DateTime.now().setZone(LONDON).startOf('day');
    const firstDay = londonDay(from, 'from') ?? lastDay.minus({ days: DEFAULT_DAYS - 1 });
    if (firstDay > lastDay) throw new InvalidQueryParameter('from', 'from must not be after to');
    // Small counts of safeguarding outcomes could identify a person: only a safeguarding lead
    // whose reach covers the whole scope sees them.
    const leadOfScope =
      hasRole(p, 'safeguarding-lead') &&
      (localityId === null ? this.policy.worksEverywhere(p) : worksIn(p, localityId));
    const measures = await dashboardMeasures(
      this.ds,
      localityId,
      firstDay.toJSDate(),
      lastDay.plus({ days: 1 }).toJSDate(),
      { smallOutcomeCounts: leadOfScope },
    );
    return {
      scope: localityId ?? 'borough',
      localityId,
      from: firstDay.toISODate() as string,
      to: lastDay.toISODate() as string,
      measures,
    };
  }

  private async assertMayRead(p: Principal, localityId: string | null): Promise<void> {
    if (localityId === null) {
      if (!this.policy.worksEverywhere(p)) throw new NotEveryLocality();
      return;
    }
    // Each role within its own reach: auditors read everywhere, managers where they work.
    const mayRead = hasRole(p, 'auditor') || (hasRole(p, 'team-manager') && worksIn(p, localityId));
    if (!(await this.referenceData.locality(localityId)) || !mayRead)
      throw new LocalityNotVisible();
  }
}
