import type { Pool, PoolClient } from 'pg';
import { DATA_KEY_ENCRYPTION_KEY_REQUIRED } from '@iln/platform';
import { CASE_STREAM_PREFIX, caseIdOf } from '../case-stream';
import { CaseKeys } from './case-keys';
import type { KeyEncryptionKeys } from './key-encryption-keys';
import { hasPersonalValues, sealPersonalData } from './personal-data-envelope';
import { PERSONAL_FIELDS } from './personal-fields';

// Events stored in clear before issue 16 brought under encryption, in place: the one
// sanctioned rewrite of stored events (their meaning does not change; only how their
// personal fields are stored). Run by `migrate` after the schema migrations, as the owner,
// against the PostgreSQL event tables. Idempotent: sealed events are skipped, so a run
// that stopped half-way is finished by the next. Each batch is one transaction; a
// trigger guarding es_events against updates (if one exists) is disabled inside it and
// enabled again before it commits, so no other session ever sees it off.

const PERSONAL_TYPES = Object.entries(PERSONAL_FIELDS)
  .filter(([, d]) => d.personal.length > 0)
  .map(([type]) => type);

interface Row {
  transaction_id: string;
  global_seq: string;
  event_id: string;
  type: string;
  stream_id: string;
  data: unknown;
}

export interface EncryptStoredEventsReport {
  scanned: number;
  encrypted: number;
  cases: number;
}

const CANDIDATES = `stream_id LIKE '${CASE_STREAM_PREFIX}%' AND type = ANY($1::text[]) AND jsonb_typeof(data) = 'object' AND NOT data ? '$pd'`;

export async function encryptStoredEvents(
  pool: Pool,
  keks: KeyEncryptionKeys | undefined,
  options: { batchSize?: number } = {},
): Promise<EncryptStoredEventsReport> {
  const batchSize = options.batchSize ?? 500;
  if (!keks) {
    const { rows } = await pool.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM es_events WHERE ${CANDIDATES}) AS any`, [PERSONAL_TYPES]);
    if (rows[0].any) {
      throw new Error(
        `${DATA_KEY_ENCRYPTION_KEY_REQUIRED}. Case events stored before encryption hold personal data in clear; migrate encrypts them with it: set it and run migrate again`,
      );
    }
    return { scanned: 0, encrypted: 0, cases: 0 };
  }
  const keys = new CaseKeys(pool, keks);
  const report: EncryptStoredEventsReport = { scanned: 0, encrypted: 0, cases: 0 };
  const cases = new Set<string>();
  try {
    // Along the primary key (transaction_id, global_seq), so each batch is an index range.
    let after = { tx: '0', seq: '0' };
    for (;;) {
      const { rows } = await pool.query<Row>(
        `SELECT transaction_id, global_seq, event_id, type, stream_id, data FROM es_events
          WHERE (transaction_id, global_seq) > ($2::text::xid8, $3::bigint) AND ${CANDIDATES}
          ORDER BY transaction_id, global_seq LIMIT $4`,
        [PERSONAL_TYPES, after.tx, after.seq, batchSize],
      );
      if (rows.length === 0) break;
      const last = rows[rows.length - 1];
      after = { tx: last.transaction_id, seq: last.global_seq };
      report.scanned += rows.length;
      const updates: Array<{ eventId: string; data: unknown }> = [];
      for (const row of rows) {
        const caseId = caseIdOf(row.stream_id);
        const event = { eventId: row.event_id, type: row.type, data: row.data };
        if (caseId === null || !hasPersonalValues(event)) continue;
        updates.push({ eventId: row.event_id, data: sealPersonalData(event, await keys.keyForAppend(caseId)) });
        cases.add(caseId);
      }
      if (updates.length > 0) await rewrite(pool, updates);
      report.encrypted += updates.length;
    }
  } finally {
    await keys.close();
  }
  report.cases = cases.size;
  return report;
}

async function rewrite(pool: Pool, updates: Array<{ eventId: string; data: unknown }>): Promise<void> {
  const client: PoolClient = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows: triggers } = await client.query<{ name: string }>(
      `SELECT tgname AS name FROM pg_trigger WHERE tgrelid = 'es_events'::regclass AND NOT tgisinternal AND tgenabled <> 'D'`,
    );
    for (const t of triggers) await client.query(`ALTER TABLE es_events DISABLE TRIGGER "${t.name.replace(/"/g, '""')}"`);
    await client.query(
      `UPDATE es_events e SET data = u.data
         FROM (SELECT unnest($1::uuid[]) AS event_id, unnest($2::jsonb[]) AS data) u
        WHERE e.event_id = u.event_id AND NOT e.data ? '$pd'`,
      [updates.map((u) => u.eventId), updates.map((u) => JSON.stringify(u.data))],
    );
    for (const t of triggers) await client.query(`ALTER TABLE es_events ENABLE TRIGGER "${t.name.replace(/"/g, '""')}"`);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
