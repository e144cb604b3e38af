import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { IDEMPOTENCY_RETENTION_HOURS, purgeExpiredIdempotencyKeys } from '@iln/platform';

export interface StoredResponse {
  status: number;
  /** The body exactly as first sent (JSON text), so a replay is the same bytes. */
  body: string;
  headers: Record<string, string>;
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in-flight' };

const RETENTION = `interval '${IDEMPOTENCY_RETENTION_HOURS} hours'`;

/**
 * Idempotency keys in PostgreSQL, one row per (caller, key): which request used the key
 * (so another body with it is a 422) and, once answered, the response to replay.
 *
 * This row is not what makes a command happen once: the command's events carry ids
 * derived from the key (libs/case-coordination idempotent-ids.ts), so the event log
 * itself records that the request was done, in the same append. The row only saves a
 * retry the work of finding that out, and lets concurrent duplicates wait for the first.
 * So nothing is lost if storing the response fails, or if the process dies with the row
 * still "in flight": a retry runs the command again, finds its events and answers from them.
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly pool: Pool) {}

  async claim(callerId: string, key: string, requestHash: string): Promise<Claim> {
    const inserted = await this.pool.query(
      `INSERT INTO idempotency_keys (caller_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (caller_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, status_code = NULL, response_body = NULL, response_headers = NULL, created_at = now()
         WHERE idempotency_keys.created_at < now() - ${RETENTION}
       RETURNING 1`,
      [callerId, key, requestHash],
    );
    if (inserted.rowCount === 1) return { kind: 'claimed' };
    const row = await this.find(callerId, key);
    if (!row) return this.claim(callerId, key, requestHash); // released between the two statements
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.status_code === null || row.response_body === null) return { kind: 'in-flight' };
    return { kind: 'replay', response: { status: row.status_code, body: row.response_body, headers: row.response_headers ?? {} } };
  }

  /** The stored response, once there is one (for a duplicate waiting on the first). */
  async response(callerId: string, key: string): Promise<StoredResponse | undefined> {
    const row = await this.find(callerId, key);
    if (!row || row.status_code === null || row.response_body === null) return undefined;
    return { status: row.status_code, body: row.response_body, headers: row.response_headers ?? {} };
  }

  /** Records the response; the first one stays if two attempts both answered. */
  async complete(callerId: string, key: string, response: StoredResponse): Promise<void> {
    await this.pool.query(
      `UPDATE idempotency_keys SET status_code = $3, response_body = $4, response_headers = $5
        WHERE caller_id = $1 AND key = $2 AND status_code IS NULL`,
      [callerId, key, response.status, response.body, JSON.stringify(response.headers)],
    );
  }

  /** The request was refused or failed: the key may be used again at once. Never after an answer. */
  async release(callerId: string, key: string): Promise<void> {
    await this.pool.query(`DELETE FROM idempotency_keys WHERE caller_id = $1 AND key = $2 AND status_code IS NULL`, [callerId, key]);
  }

  /** Deletes keys past the retention (the worker does it on a schedule); returns how many went. */
  async purgeExpired(batchSize = 1000, maxBatches = 1000): Promise<number> {
    return purgeExpiredIdempotencyKeys(this.pool, { batchSize, maxBatches });
  }

  private async find(callerId: string, key: string) {
    const { rows } = await this.pool.query<{ request_hash: string; status_code: number | null; response_body: string | null; response_headers: Record<string, string> | null }>(
      `SELECT request_hash, status_code, response_body, response_headers FROM idempotency_keys WHERE caller_id = $1 AND key = $2`,
      [callerId, key],
    );
    return rows[0];
  }
}
