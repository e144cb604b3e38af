import * as access from '../access/case-access';
import type { CaseAccessFacts } from '../access/case-access';
import { hasRole, type Principal } from '../access/principal';
import type { CaseView, ConcernView } from './case-detail/case-view';

export type { CaseAccessFacts } from '../access/case-access';

export type RedactedCase = Omit<CaseView, 'safeguarding'> & { safeguarding: { flag: boolean; concerns: Array<Partial<ConcernView>> } };

/**
 * Who may read what, for every query. The rules themselves live in access/case-access.ts,
 * shared with the command side; this class adds what only the read side needs (the SQL
 * scope for lists and boards, redaction of a case view). A case the caller may not see is
 * reported as not found everywhere: single reads, lists, search, worklists, timelines.
 */
export class CaseReadPolicy {
  mayReadCaseContent(p: Principal): boolean {
    return access.mayReadCaseContent(p);
  }

  mayListCases(p: Principal): boolean {
    return access.mayListCases(p);
  }

  mayReadAggregates(p: Principal): boolean {
    return access.mayReadAggregates(p);
  }

  /** The borough dashboard: only those working in every locality. */
  worksEverywhere(p: Principal): boolean {
    return access.worksEverywhere(p);
  }

  maySeeCase(p: Principal, c: CaseAccessFacts): boolean {
    return access.maySeeCase(p, c);
  }

  maySeeRestricted(p: Principal, c: Pick<CaseAccessFacts, 'coordinatorId' | 'localityId'>, authorId?: string | null): boolean {
    return access.maySeeRestricted(p, c, authorId);
  }

  /**
   * SQL condition on a rm_case_list row aliased `c` (rm_case_detail for relationships and
   * consent); `params` is appended to. The same rule as rolesOnCase, role by role:
   * `summary` (the case list and search) adds the front door's reach; everything else
   * (boards, worklists, registers, caseloads) is content and uses maySeeCase's reach.
   */
  scopeSql(p: Principal, params: unknown[], alias = 'c', reach: 'content' | 'summary' = 'content'): string {
    // An erased case (issue 16) is in no list, search, board, worklist, register or caseload.
    return `(${alias}.erased_at IS NULL AND ${this.reachSql(p, params, alias, reach)})`;
  }

  private reachSql(p: Principal, params: unknown[], alias: string, reach: 'content' | 'summary'): string {
    if (hasRole(p, 'auditor') || (reach === 'summary' && hasRole(p, 'front-door'))) return 'TRUE';
    const any: string[] = [];
    const detail = (condition: string) => `EXISTS (SELECT 1 FROM rm_case_detail d WHERE d.case_id = ${alias}.case_id AND ${condition})`;
    const member = (n: number) => `d.document->'careTeam' @> jsonb_build_array(jsonb_build_object('memberId', $${n}::text))`;
    if (hasRole(p, ...access.CASE_WORKERS)) {
      params.push(p.localities.includes('*'), p.localities);
      any.push(`($${params.length - 1}::boolean OR ${alias}.locality_id = ANY ($${params.length}::text[]))`);
      params.push(p.id);
      const me = params.length;
      any.push(`${alias}.coordinator_id = $${me}`, detail(member(me)));
    }
    if (hasRole(p, 'partner')) {
      params.push(p.id, p.organisation, access.CONSENT_SHARING_STATUSES);
      const id = params.length - 2;
      // consentCovers: their organisation's own entry shares, or a safeguarding override is in force for it.
      any.push(
        detail(`${member(id)} AND $${id + 1}::text <> ''
          AND (EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(d.document->'consent'->'organisations', '[]'::jsonb)) o
                        WHERE o->>'organisation' = $${id + 1}::text AND o->>'status' = ANY ($${id + 2}::text[]))
               OR coalesce(d.document->'consent'->'overrides', '[]'::jsonb) @> jsonb_build_array(jsonb_build_object('organisation', $${id + 1}::text)))`),
      );
    }
    return any.length === 0 ? 'FALSE' : `(${any.join(' OR ')})`;
  }

  /**
   * The detail as this caller may see it, by their rights now (`now` is the case as it
   * stands, also for a view of the past): concern detail withheld unless allowed; raisers never shown.
   */
  redactCase(p: Principal, view: CaseView, now: CaseAccessFacts = accessFactsOf(view)): RedactedCase {
    const concerns = view.safeguarding.concerns.map(({ raisedById, categories, summary, outcome, ...rest }) =>
      this.maySeeRestricted(p, now, raisedById) ? { ...rest, categories, summary, outcome } : rest,
    );
    return { ...view, safeguarding: { flag: view.safeguarding.flag, concerns } };
  }
}

export function accessFactsOf(view: CaseView): CaseAccessFacts {
  return {
    localityId: view.localityId,
    coordinatorId: view.coordinator?.id ?? null,
    careTeam: view.careTeam,
    consent: view.consent,
    pendingHandoverTo: view.pendingHandover?.toPractitionerId ?? null,
  };
}
