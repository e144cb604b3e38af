import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

/** One command sent by the load: its ids, and what (if anything) the API answered. */
export interface CommandOutcome {
  /** Sent as both X-Request-Id (it becomes the events' correlationId) and Idempotency-Key. */
  requestId: string;
  caseId: string;
  body: { text: string };
  status: number | 'no-answer';
  problemType?: string;
  contentType?: string;
}

export interface LoadTally {
  attempted: number;
  acknowledged: number;
  refused: Record<number, number>;
  noAnswer: number;
}

/**
 * Case notes posted by `concurrency` clients in a loop against `baseUrl` until stopped,
 * each with its own request id and Idempotency-Key, every outcome kept so a test can
 * hold the event log to what the API acknowledged.
 */
export class CommandLoad {
  readonly outcomes: CommandOutcome[] = [];
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly caseIds: readonly string[],
    private readonly concurrency = 8,
  ) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.concurrency }, () => this.loop());
  }

  async stop(): Promise<LoadTally> {
    this.running = false;
    await Promise.all(this.loops);
    return this.tally();
  }

  tally(): LoadTally {
    const refused: Record<number, number> = {};
    let acknowledged = 0;
    let noAnswer = 0;
    for (const o of this.outcomes) {
      if (o.status === 'no-answer') noAnswer++;
      else if (o.status < 300) acknowledged++;
      else refused[o.status] = (refused[o.status] ?? 0) + 1;
    }
    return { attempted: this.outcomes.length, acknowledged, refused, noAnswer };
  }

  acknowledged(): CommandOutcome[] {
    return this.outcomes.filter((o) => typeof o.status === 'number' && o.status < 300);
  }

  /** Sends one note (a fresh one, or a retry of an earlier outcome with the same key and body). */
  async send(caseId: string, requestId: string = randomUUID(), body = { text: `Load note ${requestId}` }): Promise<CommandOutcome> {
    const outcome: CommandOutcome = { requestId, caseId, body, status: 'no-answer' };
    try {
      const res = await fetch(`${this.baseUrl}/api/cases/${caseId}/notes`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${this.token}`,
          'Content-Type': 'application/json',
          'X-Request-Id': requestId,
          'Idempotency-Key': requestId,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      outcome.status = res.status;
      outcome.contentType = res.headers.get('content-type') ?? '';
      const text = await res.text();
      if (res.status >= 400) outcome.problemType = (JSON.parse(text) as { type?: string }).type;
    } catch {
      // Refused connection, reset, or timeout: the client cannot know whether it was saved.
    }
    return outcome;
  }

  private async loop(): Promise<void> {
    let i = 0;
    while (this.running) {
      const caseId = this.caseIds[(Math.random() * this.caseIds.length) | 0];
      const outcome = await this.send(caseId);
      this.outcomes.push(outcome);
      // A client backs off while the service is unreachable rather than spinning on it.
      if (outcome.status === 'no-answer' || outcome.status === 503) await new Promise((r) => setTimeout(r, 25 + (i++ % 4) * 25));
    }
  }
}

/** How many NoteAdded events carry each request id as their correlation id. */
export async function notesByRequest(pool: Pool, requestIds: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ correlation: string; n: string }>(
    `SELECT metadata->>'correlationId' AS correlation, count(*) AS n FROM es_events
      WHERE type = 'NoteAdded' AND metadata->>'correlationId' = ANY ($1::text[]) GROUP BY 1`,
    [requestIds],
  );
  return new Map(rows.map((r) => [r.correlation, Number(r.n)]));
}
