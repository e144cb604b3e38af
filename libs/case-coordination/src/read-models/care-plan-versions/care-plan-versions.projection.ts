import { RowProjection, RowProjectionSpec } from '../../projections/row-projection';
import { applyToCaseView, CarePlanView } from '../case-detail/case-view';

export interface CarePlanVersionRow {
  caseId: string;
  planVersion: number;
  version: number;
  document: CarePlanView;
  [field: string]: unknown;
}

const PLAN_EVENTS = new Set(['CarePlanDrafted', 'CarePlanAgreed', 'CarePlanReviewed', 'CarePlanActionCompleted', 'GoalAchieved']);

/**
 * Each plan version as it stands: drafted whole, then agreed, reviewed and ticked off.
 * The plan part of the case view's fold is reused so a version here and the current plan
 * in the case detail are the same shape by construction.
 */
export const carePlanVersionsSpec: RowProjectionSpec<CarePlanVersionRow> = {
  name: 'care-plan-versions',
  table: 'rm_care_plan_versions',
  primaryKey: ['caseId', 'planVersion'],
  columns: { caseId: 'text', planVersion: 'int', version: 'int', document: 'jsonb' },
  // Disposal (issue 16): the plan text goes; what the dashboard counts (agreed when) stays.
  erasure: { caseColumn: 'caseId', blank: `document = jsonb_build_object('erased', true, 'planVersion', document->'planVersion', 'status', document->'status', 'agreedAt', document->'agreedAt')` },
  keys(e) {
    if (!PLAN_EVENTS.has(e.event.type)) return [];
    return [{ caseId: e.caseId, planVersion: (e.event.data as { planVersion: number }).planVersion }];
  },
  evolve(row, e) {
    // A fold over a one-plan stub view: only the plan events reach here.
    const stub = row ? ({ carePlan: row.document, whatMatters: row.document.whatMatters } as never) : null;
    const base = stub ?? ({ carePlan: null } as never);
    const next = applyToCaseView(base, e.event, e.recorded.version, e.recorded.metadata.actor);
    const plan = next?.carePlan;
    if (!plan) return row;
    return { caseId: e.caseId, planVersion: plan.planVersion, version: e.recorded.version, document: plan };
  },
};

export const carePlanVersionsProjection = new RowProjection(carePlanVersionsSpec);
