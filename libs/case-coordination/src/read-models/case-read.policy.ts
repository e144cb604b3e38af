import { hasRole, worksIn, type Principal } from '../access/principal';
import type { CaseView, ConcernView } from './case-detail/case-view';

/** What the read policy needs to know about a case (any read model row can provide it). */
export interface CaseAccessFacts {
  localityId: string;
  coordinatorId: string | null;
  careTeam?: ReadonlyArray<{ memberId: string }>;
  consent?: { status: string; organisations: string[] } | null;
}

/**
 * Who may read what, for every query (API.md "Authentication and roles"). One place so
 * the full matrix (the security issue) grows here. A case the caller may not see is
 * reported as not found everywhere: single reads, lists, search, worklists, timelines.
 */
export class CaseReadPolicy {
  /** Case content (detail, timeline, plans, boards): not admin, and front door only lists. */
  mayReadCaseContent(p: Principal): boolean {
    return hasRole(p, 'practitioner', 'team-manager', 'safeguarding-lead', 'partner', 'auditor');
  }

  mayListCases(p: Principal): boolean {
    return this.mayReadCaseContent(p) || hasRole(p, 'front-door');
  }

  mayReadAggregates(p: Principal): boolean {
    return hasRole(p, 'team-manager', 'auditor');
  }

  /** Front door searches every locality; auditors read everywhere; others where they work. */
  allLocalities(p: Principal): boolean {
    return p.localities.includes('*') || hasRole(p, 'front-door', 'auditor');
  }

  /** A partner only: sees cases whose care team includes them and whose consent covers their organisation. */
  isOnlyPartner(p: Principal): boolean {
    return hasRole(p, 'partner') && !hasRole(p, 'practitioner', 'team-manager', 'safeguarding-lead', 'auditor', 'front-door');
  }

  maySeeCase(p: Principal, c: CaseAccessFacts): boolean {
    if (this.isOnlyPartner(p)) {
      const member = (c.careTeam ?? []).some((m) => m.memberId === p.id);
      const consent = c.consent && ['given', 'best-interests'].includes(c.consent.status) && c.consent.organisations.includes(p.organisation);
      return member && !!consent;
    }
    return this.allLocalities(p) || worksIn(p, c.localityId);
  }

  /** Safeguarding detail and restricted notes: safeguarding leads, the coordinator, and whoever raised or wrote it. */
  maySeeRestricted(p: Principal, c: { coordinatorId: string | null }, authorId?: string | null): boolean {
    return hasRole(p, 'safeguarding-lead') || (c.coordinatorId !== null && c.coordinatorId === p.id) || (!!authorId && authorId === p.id);
  }

  /**
   * SQL condition on a rm_case_list row aliased `c` (and rm_case_detail for partners);
   * `params` is appended to. Lists and boards use it so they never show what a single read would 404.
   */
  scopeSql(p: Principal, params: unknown[], alias = 'c'): string {
    if (this.isOnlyPartner(p)) {
      params.push(p.id, p.organisation);
      const id = params.length - 1;
      return `EXISTS (SELECT 1 FROM rm_case_detail d WHERE d.case_id = ${alias}.case_id
        AND d.document->'careTeam' @> jsonb_build_array(jsonb_build_object('memberId', $${id}::text))
        AND d.document->'consent'->>'status' IN ('given', 'best-interests')
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
