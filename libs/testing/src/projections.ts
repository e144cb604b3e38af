import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@iln/platform/database/data-source';
import { ALL_PROJECTIONS, AdvisoryLockSession, ProjectionRunner, readCheckpoints, typeOrmDb } from '@iln/case-coordination';
import { waitFor } from '@iln/test-kit';
import { testCaseEventStore } from './case-event-store';

export interface RunningProjections {
  /** Resolves once every projection has applied `position` (an Event-Position). */
  waitForProjections(position: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The worker's projection runner in-process, against a test database, for e2e tests. */
export async function startProjections(databaseUrl: string): Promise<RunningProjections> {
  const ds = await new DataSource(buildDataSourceOptions({ url: databaseUrl, poolSize: 4 })).initialize();
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', () => undefined); // an idle client losing its session (database dropped)
  // Decrypting, as the worker does: the projections see plain events.
  const store = testCaseEventStore(pool, { pollIntervalMs: 200 });
  const locks = new AdvisoryLockSession({ connectionString: databaseUrl });
  const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
  const runner = new ProjectionRunner(typeOrmDb(ds), store, locks, ALL_PROJECTIONS, quiet, { initialBackoffMs: 50 });
  runner.start();
  return {
    async waitForProjections(position, timeoutMs = 10_000) {
      await waitFor(
        async () => {
          const rows = await readCheckpoints(typeOrmDb(ds));
          return rows.length === ALL_PROJECTIONS.length && rows.every((r) => store.compareCheckpoints(r.position, position) >= 0);
        },
        { timeoutMs, description: `projections at ${position}` },
      );
    },
    async stop() {
      // Every step runs even if one fails, so no connection outlives the test file.
      const steps = [() => runner.stop(), () => locks.close(), () => store.close(), () => pool.end(), () => ds.destroy()];
      const failures: unknown[] = [];
      for (const step of steps) await step().catch((e: unknown) => failures.push(e));
      if (failures.length) throw failures[0];
    },
  };
}
