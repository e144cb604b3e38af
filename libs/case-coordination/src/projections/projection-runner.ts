import type { EventStore, RecordedEvent } from '@iln/event-store';
import type { AdvisoryLockSession } from './advisory-lock-session';
import { advanceCheckpoint, ensureCheckpoint, lockCheckpoint, readCheckpoints, recordFailure } from './checkpoints';
import type { Projection, SqlRunner } from './projection';

export interface TransactionalDb extends SqlRunner {
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ProjectionRunnerOptions {
  batchSize?: number;
  /** How often a process that does not own a projection asks for it again. */
  lockRetryMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Called on every failed attempt to apply events, for the error counter. */
  onError?: (projection: string) => void;
}

/** The stored checkpoint is not the one this runner continues from: a rebuild swapped it, or another owner wrote. */
class CheckpointMoved extends Error {}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Error class and SQLSTATE only: messages can quote row values (personal data). */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return 'error';
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? `${e.name}:${code}` : e.name;
}

/**
 * Keeps each projection's read model up to date. Per projection: take its advisory lock
 * (one owner across workers), subscribe from its checkpoint, and apply events in batches
 * where the read-model writes and the new checkpoint commit in one transaction, so a
 * crash at any instant neither loses nor doubles an event.
 */
export class ProjectionRunner {
  private readonly stopping = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly batchSize: number;

  constructor(
    private readonly db: TransactionalDb,
    private readonly store: EventStore,
    private readonly locks: AdvisoryLockSession,
    private readonly projections: readonly Projection[],
    private readonly logger: RunnerLogger,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
  }

  start(): void {
    for (const p of this.projections) this.loops.push(this.own(p));
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled(this.loops);
    await Promise.allSettled(this.projections.map((p) => this.locks.unlock(p.name)));
  }

  private async own(p: Projection): Promise<void> {
    let backoff = this.options.initialBackoffMs ?? 200;
    while (!this.stopping.signal.aborted) {
      try {
        const { acquired, signal: lockSignal } = await this.locks.tryLock(p.name);
        if (!acquired) {
          await sleep(this.options.lockRetryMs ?? 2000, this.stopping.signal);
          continue;
        }
        this.logger.log(`projection ${p.name}: owned by this process`);
        const signal = AbortSignal.any([this.stopping.signal, lockSignal]);
        await this.follow(p, signal);
        backoff = this.options.initialBackoffMs ?? 200;
      } catch (e) {
        this.logger.warn(`projection ${p.name}: restarting after ${describeError(e)}`);
        await sleep(backoff, this.stopping.signal);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 30_000);
      }
    }
  }

  /** Runs until the signal aborts or the checkpoint moves under it (then the caller restarts it). */
  private async follow(p: Projection, signal: AbortSignal): Promise<void> {
    await ensureCheckpoint(this.db, p.name);
    const [row] = await readCheckpoints(this.db, [p.name]);
    let checkpoint = row.position;
    let buffer: RecordedEvent[] = [];
    try {
      for await (const item of this.store.subscribe(checkpoint, { signal, batchSize: this.batchSize })) {
        if (item.kind === 'event') buffer.push(item.event);
        if (buffer.length > 0 && (item.kind === 'caught-up' || buffer.length >= this.batchSize)) {
          checkpoint = await this.flush(p, checkpoint, buffer, signal);
          buffer = [];
        }
        if (signal.aborted) return;
      }
    } catch (e) {
      if (e instanceof CheckpointMoved) {
        this.logger.log(`projection ${p.name}: checkpoint moved (rebuild or new owner), resubscribing`);
        return;
      }
      throw e;
    }
  }

  /** Applies the batch; on failure narrows to one event at a time and retries with backoff, never skipping. */
  private async flush(p: Projection, from: string | null, events: RecordedEvent[], signal: AbortSignal): Promise<string | null> {
    try {
      return await this.commit(p, from, events);
    } catch (e) {
      if (e instanceof CheckpointMoved) throw e;
      this.options.onError?.(p.name);
    }
    let checkpoint = from;
    for (const event of events) {
      let backoff = this.options.initialBackoffMs ?? 200;
      for (;;) {
        if (signal.aborted) throw new CheckpointMoved();
        try {
          checkpoint = await this.commit(p, checkpoint, [event]);
          break;
        } catch (e) {
          if (e instanceof CheckpointMoved) throw e;
          const detail = `${describeError(e)} applying ${event.type} at ${event.position}`;
          this.logger.error(`projection ${p.name}: ${detail}; retrying in ${backoff} ms`);
          this.options.onError?.(p.name);
          // The health check and the failing gauge read this: which event, since when.
          await recordFailure(this.db, p.name, detail).catch(() => undefined);
          await sleep(backoff, signal);
          backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 30_000);
        }
      }
    }
    return checkpoint;
  }

  private async commit(p: Projection, from: string | null, events: RecordedEvent[]): Promise<string> {
    const last = events[events.length - 1].position;
    await this.db.transaction(async (tx) => {
      const stored = await lockCheckpoint(tx, p.name);
      if (stored !== from) throw new CheckpointMoved();
      await p.applyBatch(tx, events);
      await advanceCheckpoint(tx, p.name, last, events.length);
    });
    return last;
  }
}
