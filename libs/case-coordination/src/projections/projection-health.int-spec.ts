// A projection stuck on one event says so: /health/ready's check and the Prometheus
// metrics name it, its error and since when (real PostgreSQL, an injected poison event).
import { DataSource } from 'typeorm';
import { Pool } from 'pg';
import { PostgresEventStore, type RecordedEvent } from '@iln/event-store';
import { HealthRegistry, Metrics } from '@iln/platform';
import { buildDataSourceOptions } from '@iln/platform/database/data-source';
import { createTestDatabase, waitFor, waitUntilVisible, type TestDatabase } from '@iln/testing';
import { allocate, history, openCase } from '../domain/case-spec.fixtures';
import { AdvisoryLockSession } from './advisory-lock-session';
import { ALL_PROJECTIONS } from './all-projections';
import type { Projection } from './projection';
import { ProjectionLagReporter } from './projection-health';
import { ProjectionRunner, type RunnerLogger } from './projection-runner';
import { typeOrmDb } from './typeorm-db';

const quiet: RunnerLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
const CASE_ID = '00000000-0000-4000-9000-000000000001';

describe('a projection failing on one event', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let pool: Pool;
  let store: PostgresEventStore;
  let locks: AdvisoryLockSession;
  let runner: ProjectionRunner;
  let reporter: ProjectionLagReporter;
  const health = new HealthRegistry();
  const metrics = new Metrics('test');
  let poisoned = true;
  let poison: string;

  /** case-list fails on the poison event for as long as `poisoned`, as on a bad row or a bug. */
  const projections: Projection[] = ALL_PROJECTIONS.map((p) =>
    p.name !== 'case-list'
      ? p
      : {
          name: p.name,
          tables: p.tables,
          applyBatch: async (tx, events: readonly RecordedEvent[]) => {
            for (const e of events) {
              if (poisoned && e.position === poison) throw new TypeError('injected poison');
              await p.applyBatch(tx, [e]);
            }
          },
        },
  );

  const metric = async (name: string, projection: string): Promise<number | undefined> => {
    const found = (await metrics.registry.getSingleMetric(name)?.get())?.values.find(
      (v) => v.labels.projection === projection,
    );
    return found?.value;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(buildDataSourceOptions({ url: db.url })).initialize();
    pool = new Pool({ connectionString: db.url });
    store = new PostgresEventStore(pool, { pollIntervalMs: 100 });
    const events = history(openCase, allocate).map((e, i) => ({
      eventId: `00000000-0000-4000-8000-00000000000${i}`,
      type: e.type,
      data: e.data,
      metadata: {
        correlationId: 'c',
        causationId: null,
        actor: { id: 'p-ana', name: 'Ana' },
        schemaVersion: 1,
      },
    }));
    const { position } = await store.appendToStream(`case-${CASE_ID}`, events, {
      expectedVersion: 'no-stream',
    });
    await waitUntilVisible(store, position);
    poison = (await store.readAll(null, { limit: 10 })).find(
      (e) => e.type === 'CoordinatorAssigned',
    )!.position;

    locks = new AdvisoryLockSession({ connectionString: db.url });
    runner = new ProjectionRunner(typeOrmDb(ds), store, locks, projections, quiet, {
      initialBackoffMs: 50,
      maxBackoffMs: 200,
      onError: (projection) => metrics.projectionErrors.inc({ projection }),
    });
    reporter = new ProjectionLagReporter(
      typeOrmDb(ds),
      store,
      ALL_PROJECTIONS.map((p) => p.name),
      {
        events: metrics.projectionLagEvents,
        seconds: metrics.projectionLagSeconds,
        failing: metrics.projectionFailing,
      },
    );
    reporter.register(health);
    runner.start();
  });

  afterAll(async () => {
    await runner?.stop();
    await locks?.close();
    await store?.close();
    await pool?.end();
    await ds?.destroy();
    await db?.drop();
  });

  it('is named in /health/ready with its error and since when, degraded but still ready', async () => {
    const startedAt = Date.now();
    // Degraded by case-list, once the other projections have caught up past the poison event
    // (they run on their own and may still be applying the last events when case-list fails).
    const others = ALL_PROJECTIONS.filter((x) => x.name !== 'case-list');
    const first = await waitFor(
      async () => {
        const r = await health.run();
        const detail = r.checks.projections?.detail as Record<string, Record<string, unknown>> | undefined;
        const caughtUp = others.every((p) => detail?.[p.name]?.lagEvents === 0);
        return r.status === 'degraded' && caughtUp ? r : undefined;
      },
      { timeoutMs: 15_000, description: 'the projections check degraded by case-list alone' },
    );
    expect(first.ready).toBe(true);
    const check = first.checks.projections;
    expect(check.status).toBe('degraded');
    const detail = check.detail as Record<string, Record<string, unknown>>;
    expect(detail['case-list']).toMatchObject({
      status: 'degraded',
      failing: `TypeError applying CoordinatorAssigned at ${poison}`,
      failingSince: expect.any(String),
      failingSeconds: expect.any(Number),
    });
    const since = new Date(detail['case-list'].failingSince as string).getTime();
    expect(since).toBeGreaterThanOrEqual(startedAt - 60_000);
    expect(since).toBeLessThanOrEqual(Date.now());
    // Every other projection went past the poison event and is fine.
    for (const p of others) {
      expect(detail[p.name]).toEqual({ status: 'up', lagEvents: 0, lagSeconds: 0 });
    }

    // Retried again and again, the failure keeps the time it started.
    const errorsSoFar = (await metric('projection_errors_total', 'case-list')) ?? 0;
    await waitFor(
      async () => ((await metric('projection_errors_total', 'case-list')) ?? 0) >= errorsSoFar + 2,
      {
        description: 'two more failed attempts',
      },
    );
    const later = (await health.run()).checks.projections.detail as Record<
      string,
      Record<string, unknown>
    >;
    expect(later['case-list'].failingSince).toBe(detail['case-list'].failingSince);
  });

  it('shows in Prometheus metrics labelled by projection name only', async () => {
    await reporter.refresh();
    expect(await metric('projection_failing', 'case-list')).toBe(1);
    expect(await metric('projection_failing', 'timeline')).toBe(0);
    expect(await metric('projection_errors_total', 'case-list')).toBeGreaterThanOrEqual(1);
    expect(await metric('projection_errors_total', 'timeline')).toBeUndefined();
    const text = await metrics.registry.getSingleMetricAsString('projection_failing');
    expect(text).toMatch(/^projection_failing\{projection="case-list",app="test"\} 1$/m);
  });

  it('clears once the event applies, and the read model catches up', async () => {
    poisoned = false;
    const caseList = await waitFor(
      async () => {
        const result = await health.run();
        const detail = (
          result.checks.projections.detail as Record<string, Record<string, unknown>>
        )['case-list'];
        return result.status === 'ready' && detail.lagEvents === 0 ? detail : undefined;
      },
      { timeoutMs: 15_000, description: 'ready again and caught up' },
    );
    expect(caseList).toEqual({ status: 'up', lagEvents: 0, lagSeconds: 0 });
    await reporter.refresh();
    expect(await metric('projection_failing', 'case-list')).toBe(0);
    const rows: Array<{ n: number }> = await ds.query(
      `SELECT count(*)::int AS n FROM rm_case_list WHERE coordinator_id IS NOT NULL`,
    );
    expect(rows[0].n).toBe(1);
  });
});
