import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in-flight' };

// A key's first response is kept 24 hours (API.md).
const RETENTION = `interval '24 hours'`;
// A claim whose request never finished (the process died mid-request) is taken over
// after this long, so a client is not locked out of its key for a day. The risk: the
// dead request may have written before dying, and the retry then writes again; it is
// accepted because the alternative leaves the client no way to finish the operation.
const ABANDONED_AFTER = `interval '5 minutes'`;

/**
 * Idempotency keys in PostgreSQL, one row per (caller, key). The primary key makes the
 * claim atomic: of two concurrent requests with one key, exactly one inserts the row
 * and runs; the other sees it in flight and waits for its response.
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
            OR (idempotency_keys.status_code IS NULL AND idempotency_keys.created_at < now() - ${ABANDONED_AFTER}
                AND idempotency_keys.request_hash = EXCLUDED.request_hash)
       RETURNING 1`,
      [callerId, key, requestHash],
    );
    if (inserted.rowCount === 1) return { kind: 'claimed' };
    const { rows } = await this.pool.query<{ request_hash: string; status_code: number | null; response_body: unknown; response_headers: Record<string, string> | null }>(
      `SELECT request_hash, status_code, response_body, response_headers FROM idempotency_keys WHERE caller_id = $1 AND key = $2`,
      [callerId, key],
    );
    const row = rows[0];
    if (!row) return this.claim(callerId, key, requestHash); // released between the two statements
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.status_code === null) return { kind: 'in-flight' };
    return { kind: 'replay', response: { status: row.status_code, body: row.response_body, headers: row.response_headers ?? {} } };
  }

  async complete(callerId: string, key: string, response: StoredResponse): Promise<void> {
    await this.pool.query(
      `UPDATE idempotency_keys SET status_code = $3, response_body = $4, response_headers = $5 WHERE caller_id = $1 AND key = $2`,
      [callerId, key, response.status, JSON.stringify(response.body ?? null), JSON.stringify(response.headers)],
    );
  }

  /** The request failed and wrote nothing: the key may be used again. */
  async release(callerId: string, key: string): Promise<void> {
    await this.pool.query(`DELETE FROM idempotency_keys WHERE caller_id = $1 AND key = $2 AND status_code IS NULL`, [callerId, key]);
  }

  async purgeExpired(): Promise<number> {
    const r = await this.pool.query(`DELETE FROM idempotency_keys WHERE created_at < now() - ${RETENTION}`);
    return r.rowCount ?? 0;
  }
}
