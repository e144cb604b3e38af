import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ChannelListener, EventStore } from '@iln/event-store';
import { AppConfig, ProblemException, ReadDataSource } from '@iln/platform';
import { readCheckpoints, typeOrmDb, type CheckpointRow, type ProjectionName } from '@iln/case-coordination';

export const AWAIT_LIMIT_MS = 5000;
/** How often a waiter reads the checkpoints itself: while the LISTEN connection is down, and (rarely needed) while it is up. */
const POLL_MS = 250;
const LISTENING_RECHECK_MS = 1000;
const CHANNEL = 'projection_checkpoints';
/**
 * With a read replica: how often the shared read of the replica's checkpoints runs while any
 * request waits (a hot standby cannot LISTEN; README, Past one machine, says why not LISTEN
 * on the primary instead).
 */
export const REPLICA_POLL_MS = 20;

interface Waiter {
  projections: readonly ProjectionName[];
  target: string;
  reached(rows: CheckpointRow[]): void;
}

/**
 * Read-your-writes. A query names the projections it reads; with `Await-Position` it
 * waits until each of them has applied that position, and answers with the position it
 * is consistent up to (`Projection-Position`: the lowest checkpoint among them).
 *
 * The waiting is shared by the process: one LISTEN connection on the checkpoints' channel
 * (the trigger's payload names the projection that moved), and on a notification that
 * concerns a waiter, one read of every checkpoint (at most one in flight, one more if
 * notified meanwhile) that settles every waiter it satisfies. A waiter is registered
 * before its own first read, so a checkpoint that moves during that read is not missed;
 * it reads again itself every second (every 250 ms while the LISTEN connection is down),
 * and gives up with 503 after the limit.
 *
 * With DATABASE_READ_URL the checkpoints are the replica's (`ReadDataSource`), the same
 * server the query then reads: the primary may have applied a position the replica has
 * not replayed yet. A hot standby cannot LISTEN, so there the shared read runs every
 * REPLICA_POLL_MS while anyone waits, instead of on notifications.
 */
@Injectable()
export class ReadPositions implements OnApplicationShutdown {
  private readonly listener: ChannelListener;
  private readonly waiters = new Set<Waiter>();
  private refreshing = false;
  private refreshAgain = false;
  private readonly onReplica: boolean;
  private replicaPoll: NodeJS.Timeout | null = null;
  private closed = false;
  /** Checkpoint reads: each request's own and the shared ones (tests, instrumentation). */
  readonly reads = { own: 0, shared: 0 };

  constructor(
    private readonly ds: ReadDataSource,
    private readonly store: EventStore,
    config: AppConfig,
  ) {
    this.onReplica = config.databaseReadUrl !== undefined;
    this.listener = new ChannelListener({ connectionString: config.databaseUrl, application_name: 'iln-api-positions' }, CHANNEL, {
      notified: (n) => {
        const moved = n.payload;
        if ([...this.waiters].some((w) => !moved || w.projections.includes(moved as ProjectionName))) this.refresh();
      },
      // Listening began or was lost: whatever moved meanwhile is unknown, so look.
      gap: () => this.refresh(),
    });
  }

  /** Waits if asked, then returns the value for the Projection-Position header (null: nothing applied yet). */
  async positionFor(
    projections: readonly ProjectionName[],
    awaitPosition: string | undefined,
    limitMs = AWAIT_LIMIT_MS,
  ): Promise<string | null> {
    const rows =
      awaitPosition !== undefined
        ? await this.awaitPosition(awaitPosition.trim(), projections, limitMs)
        : await this.readOwn(projections);
    // Read before the query runs, so the query sees at least these positions.
    return this.lowest(rows, projections);
  }

  private readOwn(projections: readonly ProjectionName[]): Promise<CheckpointRow[]> {
    this.reads.own += 1;
    return readCheckpoints(typeOrmDb(this.ds), projections);
  }

  private lowest(rows: CheckpointRow[], projections: readonly ProjectionName[]): string | null {
    if (rows.length < projections.length) return null;
    return rows
      .map((r) => r.position)
      .reduce((a, b) => (this.store.compareCheckpoints(a, b) <= 0 ? a : b));
  }

  private reached(target: string, position: string | null): boolean {
    try {
      return this.store.compareCheckpoints(position, target) >= 0;
    } catch {
      throw new ProblemException(
        400,
        'invalid-await-position',
        'Invalid Await-Position',
        'Await-Position must be a value from an Event-Position header.',
      );
    }
  }

  private allReached(rows: CheckpointRow[], projections: readonly ProjectionName[], target: string): boolean {
    return rows.length === projections.length && rows.every((r) => this.reached(target, r.position));
  }

  /** Resolves with the checkpoints (of `projections`) once all have reached `target`. */
  private async awaitPosition(
    target: string,
    projections: readonly ProjectionName[],
    limitMs: number,
  ): Promise<CheckpointRow[]> {
    this.reached(target, null); // validates the header before any waiting
    const deadline = Date.now() + limitMs;
    let settle!: (rows: CheckpointRow[]) => void;
    const shared = new Promise<CheckpointRow[]>((resolve) => (settle = resolve));
    const waiter: Waiter = { projections, target, reached: settle };
    this.waiters.add(waiter);
    if (this.onReplica) this.pollReplica();
    else void this.listener.start();
    try {
      for (;;) {
        const rows = await this.readOwn(projections);
        if (this.allReached(rows, projections, target)) return rows;
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new ProblemException(
            503,
            'projections-behind',
            'Read models not yet up to date',
            'The read models have not yet processed the awaited position; retry shortly.',
            undefined,
            { 'Retry-After': '1' },
          );
        }
        let timer: NodeJS.Timeout | undefined;
        const recheck = new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), Math.min(left, this.onReplica || this.listener.listening ? LISTENING_RECHECK_MS : POLL_MS));
        });
        const settled = await Promise.race([shared, recheck]);
        clearTimeout(timer);
        if (settled) return settled;
      }
    } finally {
      this.waiters.delete(waiter);
    }
  }

  /** One read of every checkpoint for all waiters; while one is in flight, asks for one more after it. */
  private refresh(): void {
    if (this.waiters.size === 0) return;
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    void (async () => {
      try {
        do {
          this.refreshAgain = false;
          this.reads.shared += 1;
          const all = await readCheckpoints(typeOrmDb(this.ds));
          for (const w of this.waiters) {
            const rows = all.filter((r) => (w.projections as readonly string[]).includes(r.projection));
            if (this.allReached(rows, w.projections, w.target)) w.reached(rows);
          }
        } while (this.refreshAgain && this.waiters.size > 0);
      } catch {
        // The waiters read for themselves on their next recheck.
      } finally {
        this.refreshing = false;
      }
    })();
  }

  /** The replica's shared read, every REPLICA_POLL_MS while anyone waits; stops when nobody does. */
  private pollReplica(): void {
    if (this.replicaPoll || this.closed) return;
    const tick = () => {
      if (this.waiters.size === 0 || this.closed) {
        this.replicaPoll = null;
        return;
      }
      this.refresh();
      this.replicaPoll = setTimeout(tick, REPLICA_POLL_MS);
    };
    this.replicaPoll = setTimeout(tick, REPLICA_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.replicaPoll) clearTimeout(this.replicaPoll);
    this.replicaPoll = null;
    await this.listener.close();
  }
}
