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
  failing: string | null;
  failingSeconds: number;
}

export const LAG_COUNT_LIMIT = 1000;

/**
 * Readiness rule (lenient on purpose): a projection that is far behind but moving, as
 * after a deploy onto a big log, is still ready; it is not ready when it has been failing
 * on an event for more than FAILING_LIMIT_S, or when it is behind by more than
 * LAG_LIMIT_S and its checkpoint has not moved for STALL_LIMIT_S (stuck or no owner).
 */
export const FAILING_LIMIT_S = 60;
export const LAG_LIMIT_S = 120;
export const STALL_LIMIT_S = 60;

export function isHealthy(lag: ProjectionLag): boolean {
  if (lag.failing && lag.failingSeconds > FAILING_LIMIT_S) return false;
  return !(lag.lagSeconds > LAG_LIMIT_S && lag.idleSeconds > STALL_LIMIT_S);
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
        failingSeconds: row?.failingSince ? (now.getTime() - row.failingSince.getTime()) / 1000 : 0,
      };
    }),
  );
}
