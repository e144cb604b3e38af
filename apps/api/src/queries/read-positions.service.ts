import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { EventStore } from '@iln/event-store';
import { AppConfig, ProblemException } from '@iln/platform';
import { readCheckpoints, typeOrmDb, type ProjectionName } from '@iln/case-coordination';

export const AWAIT_LIMIT_MS = 5000;
const POLL_MS = 250;

/**
 * Read-your-writes. A query names the projections it reads; with `Await-Position` it
 * waits until each of them has applied that position (woken by NOTIFY on checkpoint
 * updates, with a short poll as the fallback if the LISTEN connection is down), and
 * answers with the position it is consistent up to (`Projection-Position`: the lowest
 * checkpoint among them).
 */
@Injectable()
export class ReadPositions implements OnApplicationShutdown {
  private listener: Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly waiters = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    private readonly config: AppConfig,
  ) {}

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
    void this.listen();
    const deadline = Date.now() + limitMs;
    for (;;) {
      const rows = await readCheckpoints(typeOrmDb(this.ds), projections);
      const done =
        rows.length === projections.length && rows.every((r) => this.reached(target, r.position));
      if (done) return;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new ProblemException(
          503,
          'projections-behind',
          'Read models not yet up to date',
          'The read models have not yet processed the awaited position; retry shortly.',
          undefined,
          { 'Retry-After': '1' },
        );
      }
      await this.wake(Math.min(left, this.listener ? 1000 : POLL_MS));
    }
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
    await this.connecting;
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }
}
