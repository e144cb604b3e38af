import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { EventStore } from '@iln/event-store';
import { AppConfig, ProblemException, ReadDataSource } from '@iln/platform';
import { checkpointsFingerprint, readCheckpoints, typeOrmDb, type ProjectionName } from '@iln/case-coordination';

export const AWAIT_LIMIT_MS = 5000;
const POLL_MS = 250;
/**
 * With a read replica: how often one shared loop reads the replica's checkpoints while any
 * request waits (a hot standby cannot LISTEN; README, Past one machine, says why not
 * LISTEN on the primary instead).
 */
export const REPLICA_POLL_MS = 20;

/**
 * Read-your-writes. A query names the projections it reads; with `Await-Position` it
 * waits until each of them has applied that position (woken by NOTIFY on checkpoint
 * updates, with a short poll as the fallback if the LISTEN connection is down), and
 * answers with the position it is consistent up to (`Projection-Position`: the lowest
 * checkpoint among them).
 *
 * With DATABASE_READ_URL the checkpoints are the replica's (`ReadDataSource`), the same
 * server the query then reads: the primary may have applied a position the replica has
 * not replayed yet. A hot standby cannot LISTEN, so there one loop polls its checkpoints
 * every REPLICA_POLL_MS while anyone waits and wakes the waiters when they move.
 */
@Injectable()
export class ReadPositions implements OnApplicationShutdown {
  private listener: Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly waiters = new Set<() => void>();
  private closed = false;
  private readonly onReplica: boolean;
  private replicaPoll: NodeJS.Timeout | null = null;
  private replicaSeen: string | null = null;

  constructor(
    private readonly ds: ReadDataSource,
    private readonly store: EventStore,
    private readonly config: AppConfig,
  ) {
    this.onReplica = config.databaseReadUrl !== undefined;
  }

  /** Waits if asked, then returns the value for the Projection-Position header (null: nothing applied yet). */
  async positionFor(
    projections: readonly ProjectionName[],
    awaitPosition: string | undefined,
    limitMs = AWAIT_LIMIT_MS,
  ): Promise<string | null> {
    if (awaitPosition !== undefined)
      await this.awaitPosition(awaitPosition.trim(), projections, limitMs);
    return this.lowest(projections);
  }

  private async lowest(projections: readonly ProjectionName[]): Promise<string | null> {
    const rows = await readCheckpoints(typeOrmDb(this.ds), projections);
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

  private async awaitPosition(
    target: string,
    projections: readonly ProjectionName[],
    limitMs: number,
  ): Promise<void> {
    this.reached(target, null); // validates the header before any waiting
    if (!this.onReplica) void this.listen();
    const deadline = Date.now() + limitMs;
    for (;;) {
      // Waiting starts before the read, so a wake-up between the read and the wait is not missed.
      const woken = this.onReplica ? this.waitForReplica(Math.max(0, deadline - Date.now())) : null;
      const rows = await readCheckpoints(typeOrmDb(this.ds), projections).catch((e: unknown) => {
        woken?.cancel();
        throw e;
      });
      const done =
        rows.length === projections.length && rows.every((r) => this.reached(target, r.position));
      if (done) {
        woken?.cancel();
        return;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        woken?.cancel();
        throw new ProblemException(
          503,
          'projections-behind',
          'Read models not yet up to date',
          'The read models have not yet processed the awaited position; retry shortly.',
          undefined,
          { 'Retry-After': '1' },
        );
      }
      if (woken) await woken.promise;
      else await this.wake(Math.min(left, this.listener ? 1000 : POLL_MS));
    }
  }

  /** Resolves when the replica's checkpoints move (or after `ms`); starts the shared poll. */
  private waitForReplica(ms: number): { promise: Promise<void>; cancel(): void } {
    let done!: () => void;
    const promise = new Promise<void>((resolve) => {
      done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
    });
    const timer = setTimeout(done, ms);
    this.waiters.add(done);
    this.pollReplica();
    return { promise, cancel: done };
  }

  private pollReplica(): void {
    if (this.replicaPoll || this.closed) return;
    const tick = async () => {
      if (this.waiters.size === 0 || this.closed) {
        this.replicaPoll = null;
        this.replicaSeen = null;
        return;
      }
      try {
        const seen = await checkpointsFingerprint(typeOrmDb(this.ds));
        if (seen !== this.replicaSeen) {
          this.replicaSeen = seen;
          [...this.waiters].forEach((w) => w());
        }
      } catch {
        // The replica did not answer: the waiters' own reads say so, or their limit ends the wait.
      }
      this.replicaPoll = setTimeout(() => void tick(), REPLICA_POLL_MS);
    };
    this.replicaPoll = setTimeout(() => void tick(), REPLICA_POLL_MS);
  }

  private wake(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  private listen(): Promise<void> {
    if (this.listener || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new Client({
        connectionString: this.config.databaseUrl,
        application_name: 'iln-api-positions',
      });
      const lost = () => {
        if (this.listener === client) this.listener = null;
        client.end().catch(() => undefined);
      };
      client.on('error', lost);
      client.on('end', lost);
      client.on('notification', () => [...this.waiters].forEach((w) => w()));
      try {
        await client.connect();
        await client.query('LISTEN projection_checkpoints');
        if (this.closed) await client.end();
        else this.listener = client;
      } catch {
        lost();
      }
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.replicaPoll) clearTimeout(this.replicaPoll);
    this.replicaPoll = null;
    await this.connecting;
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }
}
