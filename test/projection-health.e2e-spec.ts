// A poison event in the log: the API's and the worker's /health/ready and /metrics say
// which projection is stuck on it and since when, while every other part keeps working.
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createEventStore, type EventStore } from '@iln/event-store';
import { HealthRegistry, Metrics } from '@iln/platform';
import { startApiHarness, waitFor, type ApiHarness } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { caller, openCase } from './cases-helpers';

jest.setTimeout(60_000);

type ProjectionDetail = Record<
  string,
  { status: string; failing?: string; failingSince?: string; failingSeconds?: number }
>;

describe('a projection stuck on a poison event', () => {
  let h: ApiHarness;
  let worker: INestApplicationContext;
  let events: EventStore;

  beforeAll(async () => {
    h = await startApiHarness({
      createApp: (config) => createApiApp(config, { logs: false }),
      env: { QUEUE_PREFIX: `iln-e2e-ph-${randomUUID().slice(0, 8)}` },
    });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(h.config), {
      logger: false,
    });
    await worker.init();
    events = createEventStore({ kind: 'postgres', pool: h.pool });
  });

  afterAll(async () => {
    await worker?.close();
    await h?.close();
  });

  it('is reported degraded, with its error and since when, and counted in the metrics', async () => {
    const before = Date.now();
    // A CaseOpened whose data lacks every field: what a bug or a hand-edited row would leave.
    const caseId = randomUUID();
    await events.appendToStream(
      `case-${caseId}`,
      [
        {
          eventId: randomUUID(),
          type: 'CaseOpened',
          data: {},
          metadata: {
            correlationId: 'poison',
            causationId: null,
            actor: { id: 'x', name: 'x' },
            schemaVersion: 1,
          },
        },
      ],
      { expectedVersion: 'no-stream' },
    );

    const ready = await waitFor(
      async () => {
        const res = await h.http().get('/health/ready');
        return res.body.status === 'degraded' ? res : undefined;
      },
      { timeoutMs: 30_000, description: 'the API reporting degraded' },
    );
    expect(ready.status).toBe(200);
    const detail = ready.body.checks.projections.detail as ProjectionDetail;
    const stuck = Object.entries(detail).filter(([, d]) => d.failing);
    expect(stuck.length).toBeGreaterThan(0);
    for (const [, d] of stuck) {
      expect(d.status).toBe('degraded');
      expect(d.failing).toMatch(/ applying CaseOpened at \S+$/);
      expect(new Date(d.failingSince!).getTime()).toBeGreaterThanOrEqual(before - 1_000);
      expect(d.failingSeconds).toEqual(expect.any(Number));
    }
    // Nothing of the event's content, nor its case, in what is reported.
    expect(JSON.stringify(ready.body)).not.toContain(caseId);

    // The worker says the same, and counts the failed attempts.
    const workerReady = await worker.get(HealthRegistry).run();
    expect(workerReady).toMatchObject({ ready: true, status: 'degraded' });
    const workerMetrics = await worker
      .get(Metrics)
      .registry.getSingleMetricAsString('projection_errors_total');
    for (const [name] of stuck)
      expect(workerMetrics).toMatch(
        new RegExp(
          `^projection_errors_total\\{projection="${name}",app="worker"\\} [1-9]\\d*$`,
          'm',
        ),
      );

    const scrape = await h.http().get('/metrics');
    for (const [name] of stuck)
      expect(scrape.text).toMatch(
        new RegExp(`^projection_failing\\{projection="${name}",app="api"\\} 1$`, 'm'),
      );
    expect(scrape.text).toMatch(/^projection_failing\{projection="[a-z-]+",app="api"\} 0$/m);

    // Commands and the other read models still work.
    const practitioner = await caller(h);
    const opened = await openCase(h, practitioner);
    expect(opened.caseId).toEqual(expect.any(String));
  });
});
