import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { EventStore } from '@iln/event-store';
import { ProblemException } from '@iln/platform';
import { accessFactsOf, CaseReadPolicy, caseView, ROWS_WRITTEN_WITH_A_CONCERN, rowsNamingARaiser, type CaseView, type Principal } from '@iln/case-coordination';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import { CaseDetailQuery, CaseListQuery } from './case-queries.dto';
import { iso, limitOffset, Page, PageQuery } from './page.dto';
import { ReadPositions } from './read-positions.service';
import { wholeNumberParam } from '../http/validation';

export const CONTENT_ROLES = ['practitioner', 'team-manager', 'safeguarding-lead', 'partner', 'auditor'] as const;

export function caseNotFound(): ProblemException {
  return new ProblemException(404, 'case-not-found', 'Case not found', 'No case with this id is visible to you.');
}

export function setPosition(res: Response, position: string | null): void {
  if (position !== null) res.setHeader('Projection-Position', position);
}

const escapeLike = (s: string) => s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);

@ApiTags('case queries')
@ApiBearerAuth()
@ApiHeader({ name: 'Await-Position', required: false, description: 'Wait (up to 5 s) until the read models have processed this Event-Position' })
@Controller('api/cases')
export class CaseQueriesController {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    private readonly positions: ReadPositions,
    private readonly policy: CaseReadPolicy,
  ) {}

  @Get()
  @Roles(...CONTENT_ROLES, 'front-door')
  async list(
    @CurrentPrincipal() p: Principal,
    @Query() q: CaseListQuery,
    @Headers('await-position') awaitPosition: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page<unknown>> {
    setPosition(res, await this.positions.positionFor(['case-list'], awaitPosition));
    const params: unknown[] = [];
    const where = [this.policy.scopeSql(p, params, 'c', 'summary')];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (q.localityId) add((n) => `c.locality_id = $${n}`, q.localityId);
    if (q.status) add((n) => `c.status = $${n}`, q.status);
    if (q.coordinatorId) add((n) => `c.coordinator_id = $${n}`, q.coordinatorId);
    if (q.safeguarding !== undefined) add((n) => `c.safeguarding_flag = $${n}`, q.safeguarding);
    if (q.q?.trim()) {
      // Ten digits (spaces allowed, as written on letters) also match an NHS number, exactly.
      const digits = q.q.replace(/\s+/g, '');
      params.push(`%${escapeLike(q.q.trim())}%`, /^\d{10}$/.test(digits) ? digits : null);
      const [like, nhs] = [params.length - 1, params.length];
      where.push(`(lower(c.reference) LIKE $${like} OR lower(c.resident_name) LIKE $${like} OR c.nhs_number = $${nhs}::text)`);
    }
    const filter = where.join(' AND ');
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM rm_case_list c WHERE ${filter}`, params);
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT * FROM rm_case_list c WHERE ${filter} ORDER BY c.updated_at DESC, c.case_id ${limitOffset(q, params)}`,
      params,
    );
    const items = rows.map((r) => ({
      caseId: r.case_id,
      reference: r.reference,
      residentName: r.resident_name,
      localityId: r.locality_id,
      status: r.status,
      coordinator: r.coordinator_id ? { id: r.coordinator_id, name: r.coordinator_name } : null,
      safeguardingFlag: r.safeguarding_flag,
      openInputs: r.open_inputs,
      nextReviewDue: iso(r.next_review_due),
      updatedAt: iso(r.updated_at),
      version: r.version,
    }));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  @Get(':id')
  @Roles(...CONTENT_ROLES)
  async detail(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Query() q: CaseDetailQuery,
    @Headers('await-position') awaitPosition: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    setPosition(res, await this.positions.positionFor(['case-detail'], awaitPosition));
    const view = await this.visibleCase(p, id);
    if (q.asAt) {
      // Who may see it, and what of it, is decided by the case as it stands now (API.md
      // v1.1): a partner removed since, or a former coordinator, reads nothing they could not read today.
      // The past is folded from the stream with the projection's own code, not from a read model.
      const { events } = await this.store.readStream(`case-${id}`, { recordedUpTo: new Date(q.asAt) });
      const past = caseView(events);
      if (!past) throw caseNotFound();
      return this.policy.redactCase(p, past, accessFactsOf(view));
    }
    res.setHeader('ETag', `"${view.version}"`);
    return this.policy.redactCase(p, view);
  }

  @Get(':id/timeline')
  @Roles(...CONTENT_ROLES)
  async timeline(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Query() q: PageQuery,
    @Headers('await-position') awaitPosition: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page<unknown>> {
    setPosition(res, await this.positions.positionFor(['timeline', 'case-detail'], awaitPosition));
    const view = await this.visibleCase(p, id);
    const facts = accessFactsOf(view);
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM rm_case_timeline WHERE case_id = $1`, [id]);
    // The page and the rows just before it: a concern on the previous page still names its raiser on this one.
    const offset = (q.page - 1) * q.pageSize;
    const lookBehind = Math.min(offset, ROWS_WRITTEN_WITH_A_CONCERN);
    const fetched: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT * FROM rm_case_timeline WHERE case_id = $1 ORDER BY version LIMIT $2 OFFSET $3`,
      [id, q.pageSize + lookBehind, offset - lookBehind],
    );
    const raisers = rowsNamingARaiser(fetched.map((r) => ({ version: Number(r.version), type: String(r.type), actorId: String(r.actor_id) })));
    const items = fetched.slice(lookBehind).map((r) => {
      if (r.restricted && !this.policy.maySeeRestricted(p, facts, r.actor_id as string)) return { type: r.type, occurredAt: iso(r.occurred_at), restricted: true };
      const raiser = raisers.get(Number(r.version));
      const actor = raiser !== undefined && !this.policy.maySeeRestricted(p, facts, raiser) ? null : { id: r.actor_id, name: r.actor_name };
      return { position: r.position, type: r.type, occurredAt: iso(r.occurred_at), actor, summary: r.summary };
    });
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  @Get(':id/care-plan/versions')
  @Roles(...CONTENT_ROLES)
  async planVersions(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Query() q: PageQuery,
    @Headers('await-position') awaitPosition: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page<unknown>> {
    setPosition(res, await this.positions.positionFor(['care-plan-versions', 'case-detail'], awaitPosition));
    await this.visibleCase(p, id);
    const params: unknown[] = [id];
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM rm_care_plan_versions WHERE case_id = $1`, params);
    const rows: Array<{ document: unknown }> = await this.ds.query(
      `SELECT document FROM rm_care_plan_versions WHERE case_id = $1 ORDER BY plan_version ${limitOffset(q, params)}`,
      params,
    );
    return { items: rows.map((r) => r.document), total, page: q.page, pageSize: q.pageSize };
  }

  @Get(':id/care-plan/versions/:n')
  @Roles(...CONTENT_ROLES)
  async planVersion(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Param('n', wholeNumberParam('n')) n: number,
    @Headers('await-position') awaitPosition: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    setPosition(res, await this.positions.positionFor(['care-plan-versions', 'case-detail'], awaitPosition));
    await this.visibleCase(p, id);
    const rows: Array<{ document: unknown }> = await this.ds.query(
      `SELECT document FROM rm_care_plan_versions WHERE case_id = $1 AND plan_version = $2`,
      [id, n],
    );
    if (rows.length === 0) throw planVersionNotFound();
    return rows[0].document;
  }

  private async visibleCase(p: Principal, id: string): Promise<CaseView> {
    const rows: Array<{ document: CaseView }> = await this.ds.query(`SELECT document FROM rm_case_detail WHERE case_id = $1`, [id]);
    const view = rows[0]?.document;
    if (!view || !this.policy.maySeeCase(p, accessFactsOf(view))) throw caseNotFound();
    return view;
  }
}

function planVersionNotFound(): ProblemException {
  return new ProblemException(404, 'care-plan-version-not-found', 'Care plan version not found', 'The case has no such care plan version.');
}
