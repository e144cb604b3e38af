import type { Pool } from 'pg';
import { NOTIFY_CHANNEL } from './wake-listener';

/**
 * Sends the "new events" NOTIFY after an append has committed, outside the append's
 * transaction. NOTIFY inside the append took PostgreSQL's notify-queue lock at commit
 * and held it through the WAL flush, so concurrent appends could not share a flush.
 *
 * Coalesced per process: at most one NOTIFY in flight; appends that finish while it is
 * in flight ask for one more, sent when it returns. Every append that committed before
 * `request()` is therefore followed by a NOTIFY issued after its commit, which is the
 * guarantee subscribers rely on (woken, they find the events committed). A NOTIFY that
 * fails is not retried: subscribers poll as a fallback.
 */
export class AppendNotifier {
  private inFlight: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(private readonly pool: Pool) {}

  request(): void {
    if (this.closed) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = this.send();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.inFlight;
  }

  private async send(): Promise<void> {
    do {
      this.again = false;
      await this.pool.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`).catch(() => undefined);
    } while (this.again && !this.closed);
    this.inFlight = null;
  }
}
