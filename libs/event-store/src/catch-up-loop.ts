import type { RecordedEvent, SubscribeOptions, SubscriptionItem } from './event-store';

/**
 * Wakes waiting subscribers. The counter closes the gap between "read to the head" and
 * "start waiting": a wake that lands in between changes the counter, so the subscriber
 * reads again instead of sleeping through it.
 */
export class Wakeup {
  private counter = 0;
  private readonly waiters = new Set<() => void>();

  get generation(): number {
    return this.counter;
  }

  wake(): void {
    this.counter += 1;
    for (const resolve of [...this.waiters]) resolve();
  }

  wait(seenGeneration: number, signal: AbortSignal | undefined, timeoutMs?: number): Promise<void> {
    if (this.counter !== seenGeneration || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

export interface CatchUpSource {
  readAll(after: string | null, options: { limit: number }): Promise<RecordedEvent[]>;
  wakeup: Wakeup;
  /** Polling fallback for wakes that never arrive (e.g. an unrelated transaction ending); undefined: wait for a wake. */
  pollIntervalMs?: number;
}

/**
 * Pull-based catch-up: the next page is read only when the consumer has taken the
 * previous one, which is the backpressure `for await` promises.
 */
export async function* catchUpLoop(
  source: CatchUpSource,
  fromCheckpoint: string | null,
  options: SubscribeOptions = {},
): AsyncGenerator<SubscriptionItem> {
  const { signal } = options;
  const batchSize = options.batchSize ?? 100;
  let checkpoint = fromCheckpoint;
  let caughtUpAnnounced = false;
  while (!signal?.aborted) {
    const seen = source.wakeup.generation;
    const batch = await source.readAll(checkpoint, { limit: batchSize });
    for (const event of batch) {
      if (signal?.aborted) return;
      yield { kind: 'event', event };
      checkpoint = event.position;
      caughtUpAnnounced = false;
    }
    if (batch.length < batchSize) {
      if (!caughtUpAnnounced) {
        caughtUpAnnounced = true;
        yield { kind: 'caught-up', checkpoint };
      }
      await source.wakeup.wait(seen, signal, source.pollIntervalMs);
    }
  }
}
