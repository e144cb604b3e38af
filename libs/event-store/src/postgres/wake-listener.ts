import type { ClientConfig } from 'pg';
import type { Wakeup } from '../catch-up-loop';
import { ChannelListener } from './channel-listener';

export const NOTIFY_CHANNEL = 'es_events';

/**
 * One LISTEN connection per store, shared by all of its subscriptions, so subscribers
 * do not each hold a connection. Losing it is not fatal: subscribers keep polling, and
 * it reconnects with backoff.
 */
export class WakeListener {
  private readonly listener: ChannelListener;

  constructor(config: ClientConfig, wakeup: Wakeup) {
    this.listener = new ChannelListener(config, NOTIFY_CHANNEL, {
      notified: () => wakeup.wake(),
      // Anything committed while we were not listening would otherwise wait for the next poll.
      gap: () => wakeup.wake(),
    });
  }

  ensureStarted(): Promise<void> {
    return this.listener.start();
  }

  close(): Promise<void> {
    return this.listener.close();
  }
}
