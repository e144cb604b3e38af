import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ExpectedVersionConflict } from '@iln/event-store';
import { Pool, type PoolClient } from 'pg';
import { DomainError } from '../../domain/errors';
import { ConcurrentModification, NotPermitted, StaleVersion, UnknownReference } from '../application-errors';

// Advisory-lock class for reference allocation (the second key is the locality).
const LOCK_CLASS = 4401;
// Sessions that hold (or wait on) a locality's lock: one per locality opening at once in
// this process; openings in more localities than this at the same instant queue.
const LOCK_SESSIONS = 4;

export function formatReference(code: string, n: number): string {
  return `ILN-${code}-${String(n).padStart(6, '0')}`;
}

/** Errors after which we know the case was not written, so its number can be given back. */
function nothingWritten(e: unknown): boolean {
  return (
    e instanceof DomainError ||
    e instanceof ExpectedVersionConflict ||
    e instanceof StaleVersion ||
    e instanceof ConcurrentModification ||
    e instanceof NotPermitted ||
    e instanceof UnknownReference
  );
}

/**
 * Human case references, ILN-<locality code>-<6 digits>, numbered per locality without
 * gaps or duplicates.
 *
 * The case is written to the event store, which cannot share a transaction with this
 * counter, so one of the two commits first. We commit the reservation (counter +
 * case_references row naming the case) first, then write the case, all while holding
 * the locality's session advisory lock, which serialises openings per locality:
 * - the case cannot be written: the reservation is given back under the same lock, so
 *   the next opening reuses the number (no gap);
 * - the process dies between the two commits: the number stays reserved for a case id
 *   whose stream never appeared. That is a gap, but a recorded one (case_references
 *   says which), and never a duplicate: two residents under one reference is the
 *   failure that could mix up their records, a gap is not.
 * The advisory lock dies with the session, so a crashed holder blocks nobody.
 *
 * Waiting for the lock must never starve the write it waits for: the session that
 * waits holds a connection, and the holder needs connections from the service's pool to
 * read and append the case. When both came from one pool, 40 openings at once in one
 * locality took every connection waiting on the lock and the holder timed out (503). So
 * openings queue in-process per locality first (one session per locality per process
 * waits on the lock, the others wait for nothing), and the lock sessions come from a
 * small pool of their own.
 *
 * A case id that already has a reservation (a retry of an opening with the same
 * Idempotency-Key, whose case id is derived from it) gets the same reference again, so
 * a retry after a crash between the reservation and the write fills the number it left.
 */
@Injectable()
export class CaseReferenceAllocator implements OnModuleDestroy {
  private readonly lockPool: Pool;
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(pool: Pool) {
    this.lockPool = new Pool({ ...pool.options, max: LOCK_SESSIONS, application_name: 'iln-case-references', connectionTimeoutMillis: 0 });
    this.lockPool.on('error', () => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.lockPool.end();
  }

  async withReference<T>(
    locality: { id: string; referenceCode: string },
    caseId: string,
    write: (reference: string) => Promise<T>,
  ): Promise<T> {
    // FIFO per locality within the process; the advisory lock orders processes.
    const previous = this.queues.get(locality.id) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.locked(locality, caseId, write));
    const tail = mine.catch(() => undefined);
    this.queues.set(locality.id, tail);
    void tail.then(() => {
      if (this.queues.get(locality.id) === tail) this.queues.delete(locality.id);
    });
    return mine;
  }

  private async locked<T>(locality: { id: string; referenceCode: string }, caseId: string, write: (reference: string) => Promise<T>): Promise<T> {
    const client = await this.lockPool.connect();
    let broken: Error | undefined;
    try {
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_CLASS, locality.id]);
      try {
        const { reference, n } = await this.reserve(client, locality, caseId);
        try {
          return await write(reference);
        } catch (e) {
          if (nothingWritten(e)) await this.giveBack(client, locality.id, caseId, n);
          throw e;
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, locality.id]).catch((e: Error) => {
          broken = e;
        });
      }
    } catch (e) {
      if (!nothingWritten(e)) broken ??= e as Error;
      throw e;
    } finally {
      // A client whose session may still hold the lock is destroyed, which releases it.
      client.release(broken);
    }
  }

  /**
   * The case's reservation if it has one (a retry), else counter and reservation, in one
   * statement (one round trip, one implicit transaction): the locality's lock is held
   * from here until the case is written, so every round trip saved here is taken off
   * every opening in the locality. The number is formatted as formatReference does: at
   * least six digits, never truncated.
   */
  private async reserve(client: PoolClient, locality: { id: string; referenceCode: string }, caseId: string) {
    const { rows } = await client.query<{ reference: string }>(
      `WITH existing AS (
         SELECT reference FROM case_references WHERE case_id = $2 AND locality_id = $1
       ), c AS (
         INSERT INTO case_reference_counters (locality_id, last_value)
         SELECT $1, 1 WHERE NOT EXISTS (SELECT 1 FROM existing)
         ON CONFLICT (locality_id) DO UPDATE SET last_value = case_reference_counters.last_value + 1
         RETURNING last_value
       ), reserved AS (
         INSERT INTO case_references (reference, case_id, locality_id)
         SELECT 'ILN-' || $3::text || '-' || CASE WHEN c.last_value < 1000000 THEN lpad(c.last_value::text, 6, '0') ELSE c.last_value::text END, $2, $1
           FROM c
         RETURNING reference
       )
       SELECT reference FROM existing UNION ALL SELECT reference FROM reserved`,
      [locality.id, caseId, locality.referenceCode],
    );
    const { reference } = rows[0];
    return { reference, n: Number(/[0-9]+$/.exec(reference)![0]) };
  }

  private async giveBack(client: PoolClient, localityId: string, caseId: string, n: number): Promise<void> {
    await client.query('BEGIN');
    try {
      await client.query(`DELETE FROM case_references WHERE case_id = $1`, [caseId]);
      // Only if nobody took a later number (they cannot while we hold the lock, unless
      // our session was lost and the lock with it): then the gap stays, recorded.
      await client.query(`UPDATE case_reference_counters SET last_value = last_value - 1 WHERE locality_id = $1 AND last_value = $2`, [
        localityId,
        n,
      ]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }
}
