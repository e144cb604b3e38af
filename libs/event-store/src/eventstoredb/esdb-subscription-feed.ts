import type { EsdbRecorded } from './esdb-mapping';
import type { EsdbSubscription } from './esdb-client-surface';

export type FeedItem = { kind: 'event'; event: EsdbRecorded } | { kind: 'caught-up' };

/**
 * Turns one server subscription (a push stream) into items pulled with `for await`,
 * pausing the stream while the consumer is behind. Ends when the subscription ends or
 * fails; the caller decides whether to resubscribe.
 *
 * The client emits `caughtUp` when the server says so, which can be before events it
 * already buffered are emitted; the marker is therefore placed after those buffered events.
 */
export class SubscriptionFeed {
  private readonly queue: FeedItem[] = [];
  private readonly markers: number[] = [];
  private notify: (() => void) | null = null;
  private finished = false;
  private failure: Error | null = null;
  private paused = false;

  constructor(
    private readonly subscription: EsdbSubscription,
    private readonly highWater: number,
  ) {
    subscription.on('data', (resolved) => {
      if (resolved.event) this.push({ kind: 'event', event: resolved.event });
      for (let i = 0; i < this.markers.length; i++) this.markers[i] -= 1;
      while (this.markers.length > 0 && this.markers[0] <= 0) {
        this.markers.shift();
        this.push({ kind: 'caught-up' });
      }
    });
    subscription.on('caughtUp', () => {
      if (subscription.readableLength === 0) this.push({ kind: 'caught-up' });
      else this.markers.push(subscription.readableLength);
    });
    subscription.on('error', (error) => this.finish(error));
    subscription.on('end', () => this.finish(null));
    subscription.on('close', () => this.finish(null));
  }

  async *items(signal?: AbortSignal): AsyncGenerator<FeedItem> {
    const onAbort = () => this.finish(null);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        if (signal?.aborted) return;
        const next = this.queue.shift();
        if (next) {
          if (this.paused && this.queue.length < this.highWater / 2) {
            this.paused = false;
            this.subscription.resume();
          }
          yield next;
          continue;
        }
        if (this.failure) throw this.failure;
        if (this.finished) return;
        await new Promise<void>((resolve) => (this.notify = resolve));
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    this.finish(null);
    await this.subscription.unsubscribe().catch(() => undefined);
  }

  private push(item: FeedItem): void {
    this.queue.push(item);
    if (!this.paused && this.queue.length >= this.highWater) {
      this.paused = true;
      this.subscription.pause();
    }
    this.wake();
  }

  private finish(error: Error | null): void {
    if (!this.finished) {
      this.finished = true;
      this.failure = error;
    }
    this.wake();
  }

  private wake(): void {
    const notify = this.notify;
    this.notify = null;
    notify?.();
  }
}
