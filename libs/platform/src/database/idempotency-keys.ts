import type { Pool } from 'pg';

// An Idempotency-Key's first response is kept 24 hours (API.md); after that the key is
// free again and its row is purged (the worker's scheduled purge).
export const IDEMPOTENCY_RETENTION_HOURS = 24;

export interface PurgeOptions {
  /** Rows per DELETE: each statement is short, so a backlog never holds many locks or one long transaction. */
  batchSize?: number;
  /** Upper bound on statements per call; the next run takes the rest. */
  maxBatches?: number;
}

/** Deletes idempotency keys older than the retention, in bounded batches; returns how many went. */
export async function purgeExpiredIdempotencyKeys(
  pool: Pool,
  options: PurgeOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 1000;
  const maxBatches = options.maxBatches ?? 100;
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const r = await pool.query(
      // The age is checked again on the row deleted: a key claimed afresh meanwhile stays.
      `DELETE FROM idempotency_keys k
        USING (SELECT caller_id, key FROM idempotency_keys
                WHERE created_at < now() - make_interval(hours => $2) ORDER BY created_at LIMIT $1) old
        WHERE k.caller_id = old.caller_id AND k.key = old.key AND k.created_at < now() - make_interval(hours => $2)`,
      [batchSize, IDEMPOTENCY_RETENTION_HOURS],
    );
    const n = r.rowCount ?? 0;
    total += n;
    if (n < batchSize) break;
  }
  return total;
}
