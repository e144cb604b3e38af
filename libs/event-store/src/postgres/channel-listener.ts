import { Client, ClientConfig, Notification } from 'pg';

export interface ChannelListenerHandlers {
  /** A NOTIFY on the channel. */
  notified(notification: Notification): void;
  /**
   * Listening began, or was lost: whatever was notified while nobody listened is unknown,
   * so anything kept on the strength of notifications must be dropped (or looked at again).
   */
  gap(): void;
}

/**
 * One LISTEN connection to a PostgreSQL channel that reconnects with backoff (100 ms
 * doubling to 10 s) when it is lost. Losing it is never fatal: `listening` says whether
 * notifications are arriving now, and `gap` is called each time that changes.
 */
export class ChannelListener {
  private client: Client | null = null;
  private starting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private backoffMs = 100;
  private closed = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly handlers: ChannelListenerHandlers,
  ) {}

  get listening(): boolean {
    return this.client !== null;
  }

  /** Connects unless connected or connecting; resolves once the attempt has ended either way. */
  start(): Promise<void> {
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
    client.on('notification', (n) => {
      if (n.channel === this.channel) this.handlers.notified(n);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch {
      this.lost(client);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.handlers.gap();
    this.client = client;
    this.backoffMs = 100;
  }

  private lost(client: Client): void {
    if (this.client === client) {
      this.client = null;
      this.handlers.gap();
    }
    client.end().catch(() => undefined);
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.start();
    }, this.backoffMs);
    this.retryTimer.unref();
    this.backoffMs = Math.min(this.backoffMs * 2, 10_000);
  }
}
