import type { Pool, PoolClient } from 'pg';
import type { FollowUpKind } from '../domain/policy';
import type { FollowUpTimer, TimerStatus } from './follow-up-timer';

const CONSUMER = 'follow-up-scheduler';

interface TimerRow {
  follow_up_id: string;
  case_id: string;
  kind: string;
  status: string;
  due_at: Date;
  escalate_at: Date;
  correlation_id: string;
  caused_by: string;
}

function toTimer(r: TimerRow): FollowUpTimer {
  return {
    followUpId: r.follow_up_id,
    caseId: r.case_id,
    kind: r.kind as FollowUpKind,
    status: r.status as TimerStatus,
    dueAt: r.due_at,
    escalateAt: r.escalate_at,
    correlationId: r.correlation_id,
    causedBy: r.caused_by,
  };
}

/**
 * The timers table and the scheduler's checkpoint (PostgreSQL). The scheduler's flush
 * and a reconcile both run under one advisory lock, so a reconcile never sees a job
 * the scheduler added before the row that explains it is committed, and two workers'
 * schedulers never fold the same events twice.
 */
export class FollowUpTimerStore {
  constructor(private readonly pool: Pool) {}

  async withLock<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    // Checked out, a connection lost between two queries (a database restart while fn
    // talks to Redis) is emitted as 'error' on the client, not the pool: unhandled, it
    // killed the worker. The next query fails, and the client is discarded below.
    const lost = () => (broken = true);
    client.on('error', lost);
    try {
      await client.query(`SELECT pg_advisory_lock(hashtext($1))`, [CONSUMER]);
      try {
        return await fn(client);
      } finally {
        await client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [CONSUMER]).catch(() => (broken = true));
      }
    } catch (e) {
      broken = true;
      throw e;
    } finally {
      client.off('error', lost);
      // A client whose session may still hold the lock must not go back to the pool.
      client.release(broken);
    }
  }

  async checkpoint(db: Pool | PoolClient = this.pool): Promise<string | null> {
    const r = await db.query<{ position: string | null }>(`SELECT position FROM follow_up_checkpoints WHERE consumer = $1`, [CONSUMER]);
    return r.rows[0]?.position ?? null;
  }

  async load(db: Pool | PoolClient, followUpIds: string[]): Promise<Map<string, FollowUpTimer>> {
    if (followUpIds.length === 0) return new Map();
    const r = await db.query<TimerRow>(`SELECT * FROM follow_up_timers WHERE follow_up_id = ANY($1::text[])`, [followUpIds]);
    return new Map(r.rows.map((row) => [row.follow_up_id, toTimer(row)]));
  }

  async get(followUpId: string): Promise<FollowUpTimer | undefined> {
    return (await this.load(this.pool, [followUpId])).get(followUpId);
  }

  /** Timers that still need a job: open ones wait to fall due, overdue ones to be escalated. */
  async waiting(db: Pool | PoolClient = this.pool): Promise<FollowUpTimer[]> {
    const r = await db.query<TimerRow>(`SELECT * FROM follow_up_timers WHERE status IN ('open', 'overdue')`);
    return r.rows.map(toTimer);
  }

  /** Only while still overdue: a scheduler that moved the timer on since has the last word. */
  async moveEscalation(followUpId: string, escalateAt: Date): Promise<void> {
    await this.pool.query(
      `UPDATE follow_up_timers SET escalate_at = $2, updated_at = now() WHERE follow_up_id = $1 AND status = 'overdue'`,
      [followUpId, escalateAt],
    );
  }

  async countPastDue(): Promise<number> {
    const r = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM follow_up_timers WHERE status IN ('overdue', 'escalated')`,
    );
    return Number(r.rows[0].n);
  }

  /** The rows and the checkpoint move together, or not at all. */
  async commit(client: PoolClient, timers: FollowUpTimer[], checkpoint: string | null): Promise<void> {
    await client.query('BEGIN');
    try {
      for (const t of timers) {
        await client.query(
          `INSERT INTO follow_up_timers
             (follow_up_id, case_id, kind, status, due_at, escalate_at, correlation_id, caused_by, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
           ON CONFLICT (follow_up_id) DO UPDATE SET
             case_id = EXCLUDED.case_id, kind = EXCLUDED.kind, status = EXCLUDED.status, due_at = EXCLUDED.due_at,
             escalate_at = EXCLUDED.escalate_at, correlation_id = EXCLUDED.correlation_id,
             caused_by = EXCLUDED.caused_by, updated_at = now()`,
          [t.followUpId, t.caseId, t.kind, t.status, t.dueAt, t.escalateAt, t.correlationId, t.causedBy],
        );
      }
      await client.query(
        `INSERT INTO follow_up_checkpoints (consumer, position, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (consumer) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
        [CONSUMER, checkpoint],
      );
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }
}
