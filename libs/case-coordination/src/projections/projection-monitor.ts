import type { EventStore } from '@iln/event-store';
import { readCheckpoints } from './checkpoints';
import type { SqlRunner } from './projection';

export interface ProjectionLag {
  projection: string;
  position: string | null;
  /** Events after the checkpoint, counted up to LAG_COUNT_LIMIT. */
  lagEvents: number;
  /** Age of the oldest event not yet applied; 0 when caught up. */
  lagSeconds: number;
  /** Seconds since the checkpoint last moved. */
  idleSeconds: number;
  /** The error class and the event it fails on (type and position, never data), while failing. */
  failing: string | null;
  failingSince: Date | null;
  failingSeconds: number;
}

export const LAG_COUNT_LIMIT = 1000;

/**
 * Readiness rule. A projection failing on an event is `degraded` from its first failure:
 * its read model is frozen at the event before, every other read model and every command
 * still work, and the failure repeats on every retry, so making the processes not ready
 * (the API's replicas all read the same checkpoints) would turn one bad event into a
 * whole outage without fixing it. Otherwise lenient: a projection far behind but moving,
 * as after a deploy onto a big log, is `up`; one behind by more than LAG_LIMIT_S whose
 * checkpoint has not moved for STALL_LIMIT_S with no error recorded (no owner: the
 * worker is down) is `down`.
 */
export const LAG_LIMIT_S = 120;
export const STALL_LIMIT_S = 60;

export type ProjectionStatus = 'up' | 'degraded' | 'down';

export function projectionStatus(lag: ProjectionLag): ProjectionStatus {
  if (lag.failing) return 'degraded';
  return lag.lagSeconds > LAG_LIMIT_S && lag.idleSeconds > STALL_LIMIT_S ? 'down' : 'up';
}

/** Lag of every projection from its stored checkpoint: works from any process (API or worker). */
export async function measureLag(db: SqlRunner, store: EventStore, projections: readonly string[], now = new Date()): Promise<ProjectionLag[]> {
  const rows = new Map((await readCheckpoints(db, projections)).map((r) => [r.projection, r]));
  return Promise.all(
    projections.map(async (projection) => {
      const row = rows.get(projection);
      const position = row?.position ?? null;
      const pending = await store.readAll(position, { limit: LAG_COUNT_LIMIT });
      const oldest = pending[0]?.recordedAt;
      return {
        projection,
        position,
        lagEvents: pending.length,
        lagSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0,
        idleSeconds: row ? Math.max(0, (now.getTime() - row.updatedAt.getTime()) / 1000) : Number.POSITIVE_INFINITY,
        failing: row?.lastError && row.failingSince ? row.lastError : null,
        failingSince: row?.lastError && row.failingSince ? row.failingSince : null,
        failingSeconds: row?.lastError && row.failingSince ? Math.max(0, (now.getTime() - row.failingSince.getTime()) / 1000) : 0,
      };
    }),
  );
}
