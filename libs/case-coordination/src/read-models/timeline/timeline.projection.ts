import { RowProjection, RowProjectionSpec } from '../../projections/row-projection';
import { summarise } from './timeline-summary';

export interface TimelineRow {
  caseId: string;
  version: number;
  position: string;
  type: string;
  occurredAt: string;
  actorId: string;
  actorName: string;
  summary: string;
  restricted: boolean;
  [field: string]: unknown;
}

/** One row per event, keyed by stream version: a replayed event finds its row and is skipped. */
export const timelineSpec: RowProjectionSpec<TimelineRow> = {
  name: 'timeline',
  table: 'rm_case_timeline',
  primaryKey: ['caseId', 'version'],
  columns: {
    caseId: 'text',
    version: 'int',
    position: 'text',
    type: 'text',
    occurredAt: 'timestamptz',
    actorId: 'text',
    actorName: 'text',
    summary: 'text',
    restricted: 'bool',
  },
  keys: (e) => [{ caseId: e.caseId, version: e.recorded.version }],
  // Disposal (issue 16): the case's history goes with it (summaries may quote the record).
  erasure: { caseColumn: 'caseId' },
  appendOnly: true,
  evolve(_row, e) {
    const { summary, restricted } = summarise(e.event);
    const actor = e.recorded.metadata.actor;
    return {
      caseId: e.caseId,
      version: e.recorded.version,
      position: e.recorded.position,
      type: e.event.type,
      occurredAt: e.recorded.recordedAt.toISOString(),
      actorId: actor.id,
      actorName: actor.name,
      summary,
      restricted,
    };
  },
};

export const timelineProjection = new RowProjection(timelineSpec);
