import type { ConcernStatus } from '../../domain/state';
import { RowProjection, RowProjectionSpec } from '../../projections/row-projection';

export interface SafeguardingConcernRow {
  concernId: string;
  caseId: string;
  version: number;
  categories: string[];
  risk: string;
  summary: string;
  status: ConcernStatus;
  raisedById: string;
  raisedByName: string;
  raisedAt: string;
  decisionDueBy: string;
  decidedAt: string | null;
  section42: boolean | null;
  concludedAt: string | null;
  outcome: string | null;
  desiredOutcomesAsked: boolean | null;
  outcomesMet: string | null;
  [field: string]: unknown;
}

export const safeguardingRegisterSpec: RowProjectionSpec<SafeguardingConcernRow> = {
  name: 'safeguarding-register',
  table: 'rm_safeguarding_concerns',
  primaryKey: ['concernId'],
  columns: {
    concernId: 'text',
    caseId: 'text',
    version: 'int',
    categories: 'jsonb',
    risk: 'text',
    summary: 'text',
    status: 'text',
    raisedById: 'text',
    raisedByName: 'text',
    raisedAt: 'timestamptz',
    decisionDueBy: 'timestamptz',
    decidedAt: 'timestamptz',
    section42: 'bool',
    concludedAt: 'timestamptz',
    outcome: 'text',
    desiredOutcomesAsked: 'bool',
    outcomesMet: 'text',
  },
  // Disposal (issue 16): the concern's summary goes; categories, codes and times stay for the counts.
  erasure: { caseColumn: 'caseId', blank: `summary = ''` },
  keys(e) {
    switch (e.event.type) {
      case 'SafeguardingConcernRaised':
      case 'SafeguardingDecisionMade':
      case 'SafeguardingEnquiryConcluded':
        return [{ concernId: e.event.data.concernId }];
      default:
        return [];
    }
  },
  evolve(row, e) {
    const version = e.recorded.version;
    const ev = e.event;
    if (ev.type === 'SafeguardingConcernRaised') {
      const d = ev.data;
      return {
        concernId: d.concernId,
        caseId: e.caseId,
        version,
        categories: d.categories,
        risk: d.risk,
        summary: d.summary,
        status: 'awaiting-decision',
        raisedById: d.raisedBy.id,
        raisedByName: d.raisedBy.name,
        raisedAt: d.raisedAt,
        decisionDueBy: d.decisionDueBy,
        decidedAt: null,
        section42: null,
        concludedAt: null,
        outcome: null,
        desiredOutcomesAsked: null,
        outcomesMet: null,
      };
    }
    if (!row) return null;
    if (ev.type === 'SafeguardingDecisionMade') {
      return { ...row, version, status: ev.data.section42 ? 'enquiry-open' : 'no-enquiry', decidedAt: ev.data.decidedAt, section42: ev.data.section42 };
    }
    if (ev.type === 'SafeguardingEnquiryConcluded') {
      const d = ev.data;
      return { ...row, version, status: 'concluded', concludedAt: d.concludedAt, outcome: d.outcome, desiredOutcomesAsked: d.desiredOutcomesAsked, outcomesMet: d.outcomesMet };
    }
    return row;
  },
};

export const safeguardingRegisterProjection = new RowProjection(safeguardingRegisterSpec);
