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
 *
 * NOTIFYs follow one another at least `minIntervalMs` apart (default 5 ms): under load a
 * NOTIFY returns in well under a millisecond, so without it there could be one (a round
 * trip and a commit taking the cluster's notify lock) for nearly every append. The first
 * after a quiet spell goes at once; the cost is at most that interval of extra wake-up lag.
 */
export class AppendNotifier {
  private inFlight: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(
    private readonly pool: Pick<Pool, 'query'>,
    private readonly minIntervalMs = 5,
  ) {}

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
      const started = Date.now();
      await this.pool.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`).catch(() => undefined);
      const wait = this.minIntervalMs - (Date.now() - started);
      if (this.again && !this.closed && wait > 0) await new Promise((r) => setTimeout(r, wait));
    } while (this.again && !this.closed);
    this.inFlight = null;
  }
}
