import { carePlanVersionsProjection } from '../read-models/care-plan-versions/care-plan-versions.projection';
import { caseDetailProjection } from '../read-models/case-detail/case-detail.projection';
import { caseListProjection } from '../read-models/case-list/case-list.projection';
import { dischargesProjection } from '../read-models/dashboard/discharges.projection';
import { dashboardProjection } from '../read-models/dashboard/dashboard.projection';
import { safeguardingRegisterProjection } from '../read-models/safeguarding-register/safeguarding-register.projection';
import { specialistInputsProjection } from '../read-models/specialist-inputs/specialist-inputs.projection';
import { notesProjection } from '../read-models/notes/notes.projection';
import { timelineProjection } from '../read-models/timeline/timeline.projection';
import { followUpsProjection } from '../read-models/worklist/follow-ups.projection';
import type { Projection } from './projection';

/** Every projection the worker runs and `projections:rebuild` knows, by name. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  caseListProjection,
  caseDetailProjection,
  carePlanVersionsProjection,
  timelineProjection,
  followUpsProjection,
  specialistInputsProjection,
  safeguardingRegisterProjection,
  dischargesProjection,
  notesProjection,
  dashboardProjection,
];

export type ProjectionName =
  | 'case-list'
  | 'case-detail'
  | 'care-plan-versions'
  | 'timeline'
  | 'worklist'
  | 'specialist-inputs'
  | 'safeguarding-register'
  | 'discharges'
  | 'notes'
  | 'dashboard';
