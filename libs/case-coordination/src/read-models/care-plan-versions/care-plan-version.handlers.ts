import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadDataSource } from '@iln/platform';
import type { CarePlanView } from '../case-detail/case-view';
import { visibleCase } from '../case-detail/visible-case';
import { CaseReadPolicy } from '../case-read.policy';
import { CarePlanVersionNotFound } from '../read-errors';
import { limitOffset, pageOf, type Page } from '../read-queries';
import { GetCarePlanVersion } from './get-care-plan-version.query';
import { ListCarePlanVersions } from './list-care-plan-versions.query';

@QueryHandler(ListCarePlanVersions)
export class ListCarePlanVersionsHandler implements IQueryHandler<ListCarePlanVersions> {
  constructor(
    private readonly ds: ReadDataSource,
    private readonly policy: CaseReadPolicy,
  ) {}

  async execute({ principal, caseId, page: q }: ListCarePlanVersions): Promise<Page<CarePlanView>> {
    await visibleCase(this.ds, this.policy, principal, caseId);
    const params: unknown[] = [caseId];
    const [{ total }] = await this.ds.query(
      `SELECT count(*)::int AS total FROM rm_care_plan_versions WHERE case_id = $1`,
      params,
    );
    const rows: Array<{ document: CarePlanView }> = await this.ds.query(
      `SELECT document FROM rm_care_plan_versions WHERE case_id = $1 ORDER BY plan_version ${limitOffset(q, params)}`,
      params,
    );
    return pageOf(
      rows.map((r) => r.document),
      total,
      q,
    );
  }
}

@QueryHandler(GetCarePlanVersion)
export class GetCarePlanVersionHandler implements IQueryHandler<GetCarePlanVersion> {
  constructor(
    private readonly ds: ReadDataSource,
    private readonly policy: CaseReadPolicy,
  ) {}

  async execute({ principal, caseId, planVersion }: GetCarePlanVersion): Promise<CarePlanView> {
    await visibleCase(this.ds, this.policy, principal, caseId);
    const rows: Array<{ document: CarePlanView }> = await this.ds.query(
      `SELECT document FROM rm_care_plan_versions WHERE case_id = $1 AND plan_version = $2`,
      [caseId, planVersion],
    );
    if (rows.length === 0) throw new CarePlanVersionNotFound();
    return rows[0].document;
  }
}
