import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ProblemException } from '@iln/platform';
import { CaseReadPolicy, hasRole, type Principal } from '@iln/case-coordination';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import { CONTENT_ROLES, setPosition } from './case-queries.controller';
import { iso, limitOffset, Page } from './page.dto';
import { ReadPositions } from './read-positions.service';
import { CaseloadQuery, ConcernRegisterQuery, InputBoardQuery, WorklistQuery } from './work-queries.dto';

const PENDING = `('open', 'overdue', 'escalated')`;

@ApiTags('work queries')
@ApiBearerAuth()
@ApiHeader({ name: 'Await-Position', required: false, description: 'Wait (up to 5 s) until the read models have processed this Event-Position' })
@Controller('api')
export class WorkQueriesController {
  constructor(
    private readonly ds: DataSource,
    private readonly positions: ReadPositions,
    private readonly policy: CaseReadPolicy,
  ) {}

  /**
   * The caller's work: follow-ups they own, hand-overs waiting for them, inputs their
   * team's service must answer, and for team managers the escalations and unallocated
   * cases of their localities (safeguarding leads: undecided concerns).
   */
  @Get('worklist')
  @Roles('practitioner', 'team-manager', 'safeguarding-lead', 'partner')
  async worklist(
    @CurrentPrincipal() p: Principal,
    @Query() q: WorklistQuery,
    @Headers('await-position') awaitPosition: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page<unknown>> {
    if (q.teamId && !p.teams.includes(q.teamId)) {
      throw new ProblemException(403, 'not-team-member', 'Not your team', 'You can only see the worklist of a team you belong to.');
    }
    setPosition(res, await this.positions.positionFor(['worklist', 'case-list'], awaitPosition));
    const params: unknown[] = [];
    const scope = this.policy.scopeSql(p, params);
    // Only the parameters the chosen branch uses: PostgreSQL refuses a statement with a parameter it cannot type (the team queue was a 500).
    const mine = q.teamId ? this.teamQueue(params, q.teamId) : this.ownWork(params, p);
    const from = `FROM rm_follow_ups f JOIN rm_case_list c ON c.case_id = f.case_id
      WHERE f.status IN ${PENDING} AND ${scope} AND (${mine})`;
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total ${from}`, params);
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT f.*, c.reference, (f.status <> 'open' OR f.due_at < now()) AS overdue ${from} ORDER BY f.due_at, f.follow_up_id ${limitOffset(q, params)}`,
      params,
    );
    const items = rows.map((r) => {
      const base = { caseId: r.case_id, reference: r.reference, dueAt: iso(r.due_at), overdue: r.overdue, escalated: r.status === 'escalated' };
      const kind = String(r.kind);
      if (kind === 'accept-handover') return { kind: 'handover', ...base, handoverId: r.subject_id, followUpId: r.follow_up_id };
      if (kind.startsWith('specialist-input-')) return { kind: 'specialist-input', ...base, inputId: r.subject_id, followUpId: r.follow_up_id };
      return { kind: 'follow-up', followUpKind: kind, ...base, followUpId: r.follow_up_id };
    });
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  /** A team's queue: its service's inputs, its coordinators' cases, and follow-ups put on the team (discharge planning). */
  private teamQueue(params: unknown[], teamId: string): string {
    params.push([teamId]);
    const teams = params.length;
    return `(f.service_id = ANY ($${teams}::text[]) OR c.coordinator_team_id = ANY ($${teams}::text[]) OR f.team_id = ANY ($${teams}::text[]))`;
  }

  private ownWork(params: unknown[], p: Principal): string {
    params.push(p.id, p.teams, hasRole(p, 'team-manager'), hasRole(p, 'safeguarding-lead'), p.localities.includes('*'), p.localities);
    const [me, teams, manager, lead, everywhere, localities] = [params.length - 5, params.length - 4, params.length - 3, params.length - 2, params.length - 1, params.length];
    // A manager's and a lead's share of the work is in the localities they work in, whatever else (an auditor's reach) lets them read.
    const theirs = `($${everywhere} OR c.locality_id = ANY ($${localities}::text[]))`;
    return `(f.owner_id = $${me} AND f.kind NOT LIKE 'specialist-input-%')
         OR (f.kind LIKE 'specialist-input-%' AND f.service_id = ANY ($${teams}::text[]))
         OR ($${manager} AND ${theirs} AND (f.status = 'escalated' OR (f.owner_id IS NULL AND f.kind = 'allocate-coordinator')))
         OR ($${lead} AND ${theirs} AND f.owner_id IS NULL AND f.kind LIKE 'safeguarding-decision%')`;
  }

  @Get('specialist-inputs')
  @Roles(...CONTENT_ROLES)
  async inputBoard(
    @CurrentPrincipal() p: Principal,
    @Query() q: InputBoardQuery,
    @Headers('await-position') awaitPosition: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page<unknown>> {
    setPosition(res, await this.positions.positionFor(['specialist-inputs', 'case-list'], awaitPosition));
    const params: unknown[] = [];
    const where = [this.policy.scopeSql(p, params)];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (q.serviceId) add((n) => `i.service_id = $${n}`, q.serviceId);
    if (q.status) add((n) => `i.status = $${n}`, q.status);
    const overdue = `(i.status = 'requested' AND i.respond_by < now())`;
    if (q.overdue !== undefined) where.push(q.overdue ? overdue : `NOT ${overdue}`);
    const from = `FROM rm_specialist_inputs i JOIN rm_case_list c ON c.case_id = i.case_id WHERE ${where.join(' AND ')}`;
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total ${from}`, params);
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT i.*, c.reference, c.locality_id, ${overdue} AS overdue ${from} ORDER BY i.respond_by, i.input_id ${limitOffset(q, params)}`,
      params,
    );
    const items = rows.map((r) => ({
      inputId: r.input_id,
      caseId: r.case_id,
      reference: r.reference,
      localityId: r.locality_id,
      serviceId: r.service_id,
      mode: r.mode,
      urgency: r.urgency,
      request: r.request,
      status: r.status,
      requestedAt: iso(r.requested_at),
      respondBy: iso(r.respond_by),
      respondedAt: iso(r.responded_at),
      overdue: r.overdue,
    }));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  @Get('safeguarding/concerns')
  @Roles('safeguarding-lead', 'team-manager', 'auditor')
  async concerns(
    @CurrentPrincipal() p: Principal,
    @Query() q: ConcernRegisterQuery,
    @Headers('await-position') awaitPosition: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page<unknown>> {
    setPosition(res, await this.positions.positionFor(['safeguarding-register', 'case-list'], awaitPosition));
    const params: unknown[] = [];
    const where = [this.policy.scopeSql(p, params)];
    if (q.localityId) {
      params.push(q.localityId);
      where.push(`c.locality_id = $${params.length}`);
    }
    if (q.status) {
      params.push(q.status);
      where.push(`s.status = $${params.length}`);
    }
    const from = `FROM rm_safeguarding_concerns s JOIN rm_case_list c ON c.case_id = s.case_id WHERE ${where.join(' AND ')}`;
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total ${from}`, params);
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT s.*, c.reference, c.locality_id, c.coordinator_id,
              (s.status = 'awaiting-decision' AND s.decision_due_by < now()) AS decision_overdue
         ${from} ORDER BY s.raised_at DESC, s.concern_id ${limitOffset(q, params)}`,
      params,
    );
    const items = rows.map((r) => {
      const item = {
        concernId: r.concern_id,
        caseId: r.case_id,
        reference: r.reference,
        localityId: r.locality_id,
        status: r.status,
        risk: r.risk,
        raisedAt: iso(r.raised_at),
        decisionDueBy: iso(r.decision_due_by),
        decisionOverdue: r.decision_overdue,
        decidedAt: iso(r.decided_at),
        section42: r.section42,
        concludedAt: iso(r.concluded_at),
      };
      const facts = { coordinatorId: (r.coordinator_id as string | null) ?? null, localityId: r.locality_id as string };
      const detail = this.policy.maySeeRestricted(p, facts, r.raised_by_id as string);
      return detail
        ? { ...item, categories: r.categories, summary: r.summary, outcome: r.outcome, desiredOutcomesAsked: r.desired_outcomes_asked, outcomesMet: r.outcomes_met }
        : item;
    });
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  @Get('caseloads')
  @Roles('team-manager', 'auditor')
  async caseloads(
    @CurrentPrincipal() p: Principal,
    @Query() q: CaseloadQuery,
    @Headers('await-position') awaitPosition: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown[]> {
    setPosition(res, await this.positions.positionFor(['case-list'], awaitPosition));
    const params: unknown[] = [];
    const where = [this.policy.scopeSql(p, params), `c.status = 'open'`, `c.coordinator_id IS NOT NULL`];
    if (q.localityId) {
      params.push(q.localityId);
      where.push(`c.locality_id = $${params.length}`);
    }
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT c.coordinator_id, max(c.coordinator_name) AS name, count(*)::int AS open_cases,
              count(*) FILTER (WHERE c.complexity = 'complex')::int AS complex_cases
         FROM rm_case_list c WHERE ${where.join(' AND ')}
        GROUP BY c.coordinator_id ORDER BY open_cases DESC, c.coordinator_id`,
      params,
    );
    return rows.map((r) => ({ practitionerId: r.coordinator_id, name: r.name, openCases: r.open_cases, complexCases: r.complex_cases }));
  }
}
