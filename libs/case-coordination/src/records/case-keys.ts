import { randomBytes } from 'node:crypto';
import { escapeLiteral, type Pool, type QueryResult } from 'pg';
import { ChannelListener } from '@iln/event-store';
import { KeyEncryptionKeys } from './key-encryption-keys';

// Each case's data key (issue 16, crypto-shredding), in `case_keys` apart from the event
// tables (in PostgreSQL whichever adapter holds the events), wrapped by the
// key-encryption key. Destroying a case's key makes its events' personal fields
// unreadable for ever: the wrapped key is overwritten with NULL and only the date stays.
//
// Unwrapped keys are cached in memory (bounded). Every process listens on the channel
// `case_keys_destroyed`; a destroy notifies it in the same statement, so each process
// drops its cached key when the destroy commits. A key read while a notification (or a
// reconnect of the listener) arrived is not cached; nothing is cached while the listener
// is down; and cached keys are looked at again after `recheckMs` whatever happens.

export const CASE_KEYS_CHANNEL = 'case_keys_destroyed';

/** Appending personal data to a case whose key was destroyed (the case was disposed of). */
export class CaseKeyDestroyed extends Error {
  constructor(
    readonly caseId: string,
    readonly destroyedAt: Date,
  ) {
    super(`the personal data of case ${caseId} was destroyed at ${destroyedAt.toISOString()}`);
    this.name = 'CaseKeyDestroyed';
  }
}

/** A case's key as readers see it: the data key, or the time it was destroyed. */
export type CaseKeyState = { key: Buffer; destroyedAt: null } | { key: null; destroyedAt: Date };

interface KeyRow {
  case_id: string;
  wrapped_key: Buffer | null;
  kek_id: string | null;
  destroyed_at: Date | null;
}

interface Cached {
  state: CaseKeyState;
  at: number;
}

export interface CaseKeysOptions {
  /** Unwrapped keys kept in memory (least recently used dropped first). */
  cacheSize?: number;
  /** How long a cached key is trusted before it is read again, notifications or not. */
  recheckMs?: number;
}

export class CaseKeys {
  private readonly cache = new Map<string, Cached>();
  private readonly cacheSize: number;
  private readonly recheckMs: number;
  /** Changes on every notification and listener (re)connect: a read spanning one is not cached. */
  private epoch = 0;
  private readonly listener: ChannelListener;

  constructor(
    private readonly pool: Pool,
    private readonly keks: KeyEncryptionKeys,
    options: CaseKeysOptions = {},
  ) {
    this.cacheSize = options.cacheSize ?? 20_000;
    this.recheckMs = options.recheckMs ?? 5 * 60_000;
    this.listener = new ChannelListener({ ...pool.options, application_name: 'iln-case-keys' }, CASE_KEYS_CHANNEL, {
      notified: (n) => {
        if (n.payload) this.evict(n.payload);
      },
      // Whatever was destroyed while nobody listened: start from an empty cache.
      gap: () => {
        this.epoch += 1;
        this.cache.clear();
      },
    });
  }

  /**
   * Destroys the case's data key (idempotent: the first date stays). Its events then read
   * with their personal fields null, in every process, and new personal data cannot be
   * appended to it. A case that has no key yet gets a destroyed one.
   */
  async destroy(caseId: string, at: Date): Promise<void> {
    // One statement: the NOTIFY is sent when (and only if) the destroy commits.
    await this.pool.query(
      `WITH d AS (
         INSERT INTO case_keys AS k (case_id, wrapped_key, kek_id, created_at, destroyed_at)
         VALUES ($1, NULL, NULL, $2, $2)
         ON CONFLICT (case_id) DO UPDATE
           SET wrapped_key = NULL, kek_id = NULL, destroyed_at = coalesce(k.destroyed_at, EXCLUDED.destroyed_at)
         RETURNING k.case_id)
       SELECT pg_notify('${CASE_KEYS_CHANNEL}', d.case_id) FROM d`,
      [caseId, at],
    );
    this.evict(caseId);
  }

  /** When the case's key was destroyed, or null (also for a case with no key yet). */
  async destroyedAt(caseId: string): Promise<Date | null> {
    const { rows } = await this.pool.query<{ destroyed_at: Date | null }>(
      'SELECT destroyed_at FROM case_keys WHERE case_id = $1',
      [caseId],
    );
    return rows[0]?.destroyed_at ?? null;
  }

  /**
   * The key to encrypt a case's new events with, made on the case's first need (race-safe).
   * `newStream` (an append expecting no stream: a case's opening) skips the look-up and
   * makes the key at once; a key already there (a retried opening) is found by the same
   * statement, a destroyed one still refuses.
   */
  async keyForAppend(caseId: string, options: { newStream?: boolean } = {}): Promise<Buffer> {
    const state = options.newStream ? await this.createAndRemember(caseId) : ((await this.statesFor([caseId])).get(caseId) ?? (await this.createAndRemember(caseId)));
    if (state.key === null) throw new CaseKeyDestroyed(caseId, state.destroyedAt);
    return state.key;
  }

  /**
   * A new data key for a case that has none yet, wrapped, for the append's own statement to
   * store (PostgreSQL: `case_key_append` inserts the row and appends in one transaction,
   * refusing with CK409 when the case has a key row already, live or destroyed).
   * `stored()` keeps it in the cache once that append has written it, as a look-up's
   * answer would be kept (not across a notification, not while nobody listens).
   */
  async newKeyForAppend(caseId: string): Promise<{ key: Buffer; wrapped: Buffer; kekId: string; stored(): void }> {
    const keep = await this.keepIfStillCurrent();
    const key = randomBytes(32);
    const { wrapped, kekId } = this.keks.wrap(caseId, key);
    return { key, wrapped, kekId, stored: () => keep(caseId, { key, destroyedAt: null }) };
  }

  /** `create`, its answer kept as a look-up's would be (not across a notification). */
  private async createAndRemember(caseId: string): Promise<CaseKeyState> {
    const keep = await this.keepIfStillCurrent();
    const state = await this.create(caseId);
    keep(caseId, state);
    return state;
  }

  /** The keys of these cases, in one query for those not cached; cases with no key are absent. */
  async statesFor(caseIds: Iterable<string>): Promise<Map<string, CaseKeyState>> {
    const found = new Map<string, CaseKeyState>();
    const missing: string[] = [];
    const now = Date.now();
    for (const caseId of new Set(caseIds)) {
      const hit = this.cache.get(caseId);
      if (hit && now - hit.at < this.recheckMs) {
        // Most recently used last.
        this.cache.delete(caseId);
        this.cache.set(caseId, hit);
        found.set(caseId, hit.state);
      } else missing.push(caseId);
    }
    if (missing.length === 0) return found;
    const keep = await this.keepIfStillCurrent();
    const { rows } = await this.pool.query<KeyRow>(
      'SELECT case_id, wrapped_key, kek_id, destroyed_at FROM case_keys WHERE case_id = ANY($1::text[])',
      [missing],
    );
    for (const row of rows) {
      const state = this.stateOf(row);
      found.set(row.case_id, state);
      keep(row.case_id, state);
    }
    return found;
  }

  /**
   * Rewraps every case key not yet under the current key-encryption key (the previous one
   * configured too), in batches; events are not touched. Answers how many were rewrapped.
   */
  async rewrapAll(batchSize = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const { rows } = await this.pool.query<KeyRow>(
        `SELECT case_id, wrapped_key, kek_id, destroyed_at FROM case_keys
          WHERE wrapped_key IS NOT NULL AND kek_id <> $1 ORDER BY case_id LIMIT $2`,
        [this.keks.currentId, batchSize],
      );
      if (rows.length === 0) return total;
      for (const row of rows) {
        const { wrapped, kekId } = this.keks.wrap(row.case_id, this.keks.unwrap(row.case_id, row.wrapped_key!, row.kek_id!));
        // Only if still wrapped as read: a destroy meanwhile wins.
        const { rowCount } = await this.pool.query(
          `UPDATE case_keys SET wrapped_key = $2, kek_id = $3
            WHERE case_id = $1 AND kek_id = $4 AND wrapped_key IS NOT NULL`,
          [row.case_id, wrapped, kekId, row.kek_id],
        );
        total += rowCount ?? 0;
      }
    }
  }

  /** Unwrapped keys held in memory now: never more than the cache size. */
  get cachedKeys(): number {
    return this.cache.size;
  }

  async close(): Promise<void> {
    await this.listener.close();
    this.cache.clear();
  }

  /** Nest calls this on shutdown. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  private async create(caseId: string): Promise<CaseKeyState> {
    const dataKey = randomBytes(32);
    const { wrapped, kekId } = this.keks.wrap(caseId, dataKey);
    // Two first appends racing: one row wins, both use it. The loser's INSERT waits for
    // the winner's commit and does nothing; a second statement (a new snapshot) sees the row.
    // Committed without waiting for its WAL flush (one round trip, no fsync of its own): the
    // key is used only by the append that follows, whose synchronous commit flushes the WAL
    // up to itself, this row included; if that append never commits, an unused key is harmless.
    const results = (await this.pool.query(
      `BEGIN; SET LOCAL synchronous_commit TO off;
       INSERT INTO case_keys (case_id, wrapped_key, kek_id)
       VALUES (${escapeLiteral(caseId)}, '\\x${wrapped.toString('hex')}'::bytea, ${escapeLiteral(kekId)})
       ON CONFLICT (case_id) DO NOTHING
       RETURNING case_id, wrapped_key, kek_id, destroyed_at; COMMIT`,
    )) as unknown as Array<QueryResult<KeyRow>>;
    const inserted = results.find((r) => r.command === 'INSERT')!;
    const rows = inserted.rows.length
      ? inserted.rows
      : (await this.pool.query<KeyRow>('SELECT case_id, wrapped_key, kek_id, destroyed_at FROM case_keys WHERE case_id = $1', [caseId])).rows;
    if (rows.length === 0) throw new Error(`case key for ${caseId} neither made nor found`);
    return this.stateOf(rows[0]);
  }

  private stateOf(row: KeyRow): CaseKeyState {
    if (row.destroyed_at !== null || row.wrapped_key === null) {
      return { key: null, destroyedAt: row.destroyed_at ?? new Date(0) };
    }
    return { key: this.keks.unwrap(row.case_id, row.wrapped_key, row.kek_id!), destroyedAt: null };
  }

  private remember(caseId: string, state: CaseKeyState): void {
    this.cache.delete(caseId);
    this.cache.set(caseId, { state, at: Date.now() });
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }

  private evict(caseId: string): void {
    this.epoch += 1;
    this.cache.delete(caseId);
  }

  /**
   * Starts the listener if needed, and answers how to keep what is read or made from now
   * on: in the cache only if listening now, and only if no notification or reconnect
   * (`epoch`) came between now and the keeping, so a key destroyed meanwhile is never kept.
   */
  private async keepIfStillCurrent(): Promise<(caseId: string, state: CaseKeyState) => void> {
    await this.listener.start();
    const cacheable = this.listener.listening;
    const epoch = this.epoch;
    return (caseId, state) => {
      if (cacheable && this.epoch === epoch) this.remember(caseId, state);
    };
  }
}
