import { Client, ClientConfig } from 'pg';
import type { Wakeup } from '../catch-up-loop';

export const NOTIFY_CHANNEL = 'es_events';

/**
 * One LISTEN connection per store, shared by all of its subscriptions, so subscribers
 * do not each hold a connection. Losing it is not fatal: subscribers keep polling, and
 * it reconnects with backoff.
 */
export class WakeListener {
  private client: Client | null = null;
  private starting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private backoffMs = 100;
  private closed = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly wakeup: Wakeup,
  ) {}

  ensureStarted(): Promise<void> {
    if (this.closed || this.client) return Promise.resolve();
    this.starting ??= this.connect().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.starting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client(this.config);
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', () => this.wakeup.wake());
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch {
      this.lost(client);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.backoffMs = 100;
    // Anything committed while we were not listening would otherwise wait for the next poll.
    this.wakeup.wake();
  }

  private lost(client: Client): void {
    if (this.client === client) this.client = null;
    client.end().catch(() => undefined);
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.ensureStarted();
    }, this.backoffMs);
    this.retryTimer.unref();
    this.backoffMs = Math.min(this.backoffMs * 2, 10_000);
  }
}
