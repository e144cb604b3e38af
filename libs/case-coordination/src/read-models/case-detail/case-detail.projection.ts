import { RowProjection, RowProjectionSpec } from '../../projections/row-projection';
import { applyToCaseView, CaseView } from './case-view';

export interface CaseDetailRow {
  caseId: string;
  version: number;
  localityId: string;
  document: CaseView;
  updatedAt: string;
  [field: string]: unknown;
}

export const caseDetailSpec: RowProjectionSpec<CaseDetailRow> = {
  name: 'case-detail',
  table: 'rm_case_detail',
  primaryKey: ['caseId'],
  columns: { caseId: 'text', version: 'int', localityId: 'text', document: 'jsonb', updatedAt: 'timestamptz' },
  keys: (e) => [{ caseId: e.caseId }],
  // Disposal (issue 16): the document is the record; it goes.
  erasure: { caseColumn: 'caseId' },
  evolve(row, e) {
    const document = applyToCaseView(row?.document ?? null, e.event, e.recorded.version, e.recorded.metadata.actor);
    if (!document) return null;
    return { caseId: e.caseId, version: e.recorded.version, localityId: document.localityId, document, updatedAt: e.recorded.recordedAt.toISOString() };
  },
};

export const caseDetailProjection = new RowProjection(caseDetailSpec);
