import type { FollowUpKind } from '../../domain/policy';
import { followUpTransition, type FollowUpStatus } from '../../domain/follow-up-status';
import { RowProjection, RowProjectionSpec } from '../../projections/row-projection';

export interface FollowUpRow {
  followUpId: string;
  caseId: string;
  version: number;
  kind: FollowUpKind;
  dueAt: string;
  status: FollowUpStatus;
  ownerId: string | null;
  serviceId: string | null;
  subjectKind: string;
  subjectId: string;
  scheduledAt: string;
  completedAt: string | null;
  manual: boolean;
  becameOverdueAt: string | null;
  escalatedAt: string | null;
  cancelledAt: string | null;
  /** What a hand-completed check found; null otherwise and for checks completed before it was recorded. */
  outcome: string | null;
  /** A team whose worklist also shows it (discharge planning: the home-care Wellbeing Team). */
  teamId: string | null;
  [field: string]: unknown;
}

/**
 * Every follow-up with its state. The worklist is a query over the pending ones (the
 * owner's follow-ups, hand-overs awaiting the receiver, inputs awaiting their service,
 * escalations for the locality's managers); the dashboard counts the finished ones.
 */
export const followUpsSpec: RowProjectionSpec<FollowUpRow> = {
  name: 'worklist',
  table: 'rm_follow_ups',
  primaryKey: ['followUpId'],
  columns: {
    followUpId: 'text',
    caseId: 'text',
    version: 'int',
    kind: 'text',
    dueAt: 'timestamptz',
    status: 'text',
    ownerId: 'text',
    serviceId: 'text',
    subjectKind: 'text',
    subjectId: 'text',
    scheduledAt: 'timestamptz',
    completedAt: 'timestamptz',
    manual: 'bool',
    becameOverdueAt: 'timestamptz',
    escalatedAt: 'timestamptz',
    cancelledAt: 'timestamptz',
    outcome: 'text',
    teamId: 'text',
  },
  keys(e) {
    switch (e.event.type) {
      case 'FollowUpScheduled':
      case 'FollowUpCompleted':
      case 'FollowUpCancelled':
      case 'FollowUpBecameOverdue':
      case 'FollowUpEscalated':
        return [{ followUpId: e.event.data.followUpId }];
      default:
        return [];
    }
  },
  evolve(row, e) {
    const version = e.recorded.version;
    const ev = e.event;
    if (ev.type === 'FollowUpScheduled') {
      const d = ev.data;
      return {
        followUpId: d.followUpId,
        caseId: e.caseId,
        version,
        kind: d.kind,
        dueAt: d.dueAt,
        status: followUpTransition(ev).status,
        ownerId: d.ownerId,
        serviceId: d.serviceId,
        subjectKind: d.subject.kind,
        subjectId: d.subject.id,
        scheduledAt: d.scheduledAt,
        completedAt: null,
        manual: false,
        becameOverdueAt: null,
        escalatedAt: null,
        cancelledAt: null,
        outcome: null,
        teamId: d.teamId ?? null,
      };
    }
    if (!row) return null;
    const moved = followUpTransition(ev);
    if (!moved) return row;
    const next = { ...row, version, status: moved.status };
    switch (ev.type) {
      case 'FollowUpCompleted':
        return { ...next, completedAt: ev.data.completedAt, manual: ev.data.manual, outcome: ev.data.outcome ?? null };
      case 'FollowUpCancelled':
        return { ...next, cancelledAt: ev.data.cancelledAt };
      case 'FollowUpBecameOverdue':
        return { ...next, becameOverdueAt: ev.data.becameOverdueAt };
      case 'FollowUpEscalated':
        return { ...next, escalatedAt: ev.data.escalatedAt };
      default:
        return next;
    }
  },
};

export const followUpsProjection = new RowProjection(followUpsSpec);
