import type { SqlRunner } from './projection';

export interface CheckpointRow {
  projection: string;
  position: string | null;
  eventsApplied: number;
  updatedAt: Date;
  lastError: string | null;
  failingSince: Date | null;
}

export async function ensureCheckpoint(db: SqlRunner, projection: string): Promise<void> {
  await db.query(`INSERT INTO projection_checkpoints (projection) VALUES ($1) ON CONFLICT (projection) DO NOTHING`, [projection]);
}

export async function readCheckpoints(db: SqlRunner, projections?: readonly string[]): Promise<CheckpointRow[]> {
  const rows: Array<Record<string, unknown>> = await db.query(
    `SELECT projection, position, events_applied, updated_at, last_error, failing_since FROM projection_checkpoints
      WHERE $1::text[] IS NULL OR projection = ANY ($1::text[])`,
    [projections ?? null],
  );
  return rows.map((r) => ({
    projection: String(r.projection),
    position: (r.position as string | null) ?? null,
    eventsApplied: Number(r.events_applied),
    updatedAt: r.updated_at as Date,
    lastError: (r.last_error as string | null) ?? null,
    failingSince: (r.failing_since as Date | null) ?? null,
  }));
}

/**
 * Locks the checkpoint row for the rest of the transaction. Every batch and every
 * rebuild swap takes this lock first, so they serialise and never deadlock on tables.
 */
export async function lockCheckpoint(db: SqlRunner, projection: string): Promise<string | null> {
  const rows: Array<{ position: string | null }> = await db.query(
    `SELECT position FROM projection_checkpoints WHERE projection = $1 FOR UPDATE`,
    [projection],
  );
  if (rows.length === 0) throw new Error(`no checkpoint row for projection ${projection}`);
  return rows[0].position;
}

export async function advanceCheckpoint(db: SqlRunner, projection: string, position: string, applied: number): Promise<void> {
  await db.query(
    `UPDATE projection_checkpoints
        SET position = $2, events_applied = events_applied + $3, updated_at = now(), last_error = NULL, failing_since = NULL
      WHERE projection = $1`,
    [projection, position, applied],
  );
}

/** `detail` must name only the error class and event type/position: never data. */
export async function recordFailure(db: SqlRunner, projection: string, detail: string): Promise<void> {
  await db.query(
    `UPDATE projection_checkpoints SET last_error = $2, failing_since = coalesce(failing_since, now()) WHERE projection = $1`,
    [projection, detail],
  );
}
