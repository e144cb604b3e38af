import * as access from '../access/case-access';
import type { CaseAccessFacts } from '../access/case-access';
import type { Principal } from '../access/principal';
import type { CaseView, ConcernView } from './case-detail/case-view';

export type { CaseAccessFacts } from '../access/case-access';

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

  allLocalities(p: Principal): boolean {
    return access.seesAllLocalities(p);
  }

  isOnlyPartner(p: Principal): boolean {
    return access.isOnlyPartner(p);
  }

  maySeeCase(p: Principal, c: CaseAccessFacts): boolean {
    return access.maySeeCase(p, c);
  }

  maySeeRestricted(p: Principal, c: { coordinatorId: string | null }, authorId?: string | null): boolean {
    return access.maySeeRestricted(p, c, authorId);
  }

  /**
   * SQL condition on a rm_case_list row aliased `c` (and rm_case_detail for partners);
   * `params` is appended to. Lists and boards use it so they never show what a single read would 404.
   */
  scopeSql(p: Principal, params: unknown[], alias = 'c'): string {
    if (this.isOnlyPartner(p)) {
      params.push(p.id, p.organisation, access.CONSENT_SHARING_STATUSES);
      const id = params.length - 2;
      return `EXISTS (SELECT 1 FROM rm_case_detail d WHERE d.case_id = ${alias}.case_id
        AND d.document->'careTeam' @> jsonb_build_array(jsonb_build_object('memberId', $${id}::text))
        AND d.document->'consent'->>'status' = ANY ($${id + 2}::text[])
        AND d.document->'consent'->'organisations' ? $${id + 1}::text)`;
    }
    if (this.allLocalities(p)) return 'TRUE';
    params.push(p.localities);
    return `${alias}.locality_id = ANY ($${params.length}::text[])`;
  }

  /** The detail as this caller may see it: concern detail withheld unless allowed; raisers never shown. */
  redactCase(p: Principal, view: CaseView): Omit<CaseView, 'safeguarding'> & { safeguarding: { flag: boolean; concerns: Array<Partial<ConcernView>> } } {
    const concerns = view.safeguarding.concerns.map(({ raisedById, categories, summary, outcome, ...rest }) =>
      this.maySeeRestricted(p, { coordinatorId: view.coordinator?.id ?? null }, raisedById) ? { ...rest, categories, summary, outcome } : rest,
    );
    return { ...view, safeguarding: { flag: view.safeguarding.flag, concerns } };
  }
}

export function accessFactsOf(view: CaseView): CaseAccessFacts {
  return { localityId: view.localityId, coordinatorId: view.coordinator?.id ?? null, careTeam: view.careTeam, consent: view.consent };
}
