// Measure 1: how close the PostgreSQL adapter's append gets to the physical limit of
// the same server, a single-row INSERT of the same ~1 KB row into a plain table, at
// equal concurrency and in the same run (so both see the same disk and CPU).
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, postgresEventStorePoolConfig } from '@iln/event-store';
import { createBenchDatabase } from '../lib/bench-database';
import { repeat, type BenchContext, type Measure } from '../lib/bench-context';
import { noteEvent } from '../lib/payloads';
import type { Figure } from '../lib/report';
import { LatencyRecorder, summarise } from '../lib/stats';

export const CONCURRENCIES = [1, 8, 32];
const STREAMS = 10_000;
const MEASURE = '1. append ceiling';

/** Runs `clients` loops doing `op` for `ms` milliseconds; returns operations per second. */
export async function closedLoop(clients: number, ms: number, op: () => Promise<unknown>, latency?: LatencyRecorder): Promise<number> {
  const deadline = Date.now() + ms;
  let done = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline) {
        if (latency) await latency.time(op);
        else await op();
        done++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return done / seconds;
}

export const appendCeilingMeasure: Measure = {
  id: '1',
  title: 'append ceiling vs adapter',
  async run(ctx: BenchContext): Promise<Figure[]> {
    const runs = ctx.quick ? 3 : 5;
    const ms = ctx.quick ? 1_000 : 3_000;
    const db = await createBenchDatabase(ctx.databaseUrl);
    const pool = new Pool(postgresEventStorePoolConfig(db.url, { max: Math.max(...CONCURRENCIES) }));
    const store = new PostgresEventStore(pool);
    const figures: Figure[] = [];
    try {
      await pool.query(`CREATE TABLE bench_raw_insert (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        stream_id text NOT NULL,
        event_id uuid NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now())`);
      const streams = Array.from({ length: STREAMS }, () => `case-${randomUUID()}`);
      const stream = () => streams[Math.floor(Math.random() * STREAMS)];
      const raw = () => {
        const e = noteEvent();
        return pool.query('INSERT INTO bench_raw_insert (stream_id, event_id, type, data, metadata) VALUES ($1, $2, $3, $4, $5)', [
          stream(),
          e.eventId,
          e.type,
          JSON.stringify(e.data),
          JSON.stringify(e.metadata),
        ]);
      };
      const adapter = () => store.appendToStream(stream(), [noteEvent()], { expectedVersion: 'any' });
      // Warm both paths (connections, plan cache, first stream rows).
      await closedLoop(32, 500, raw);
      await closedLoop(32, 500, adapter);

      for (const clients of CONCURRENCIES) {
        const rawRuns: number[] = [];
        const adapterRuns: number[] = [];
        const ratios: number[] = [];
        const adapterLatency = new LatencyRecorder();
        // Interleaved, so drift (autovacuum, checkpoints) hits both sides alike.
        await repeat(runs, async () => {
          const r = await closedLoop(clients, ms, raw);
          const a = await closedLoop(clients, ms, adapter, adapterLatency);
          rawRuns.push(r);
          adapterRuns.push(a);
          ratios.push(a / r);
          return a;
        });
        const r = summarise(rawRuns);
        const a = summarise(adapterRuns);
        const ratio = summarise(ratios);
        ctx.log(`${clients} clients: raw ${r.median.toFixed(0)}/s, adapter ${a.median.toFixed(0)}/s`);
        figures.push(
          { measure: MEASURE, name: `raw INSERT, ${clients} clients`, unit: 'rows/s', ...r },
          { measure: MEASURE, name: `adapter append, ${clients} clients`, unit: 'appends/s', ...a },
          {
            measure: MEASURE,
            name: `adapter p50 / p99 latency, ${clients} clients`,
            unit: 'ms',
            median: adapterLatency.p(0.5),
            note: `p99 ${adapterLatency.p(0.99).toFixed(2)} ms`,
          },
          {
            measure: MEASURE,
            name: `adapter / raw, ${clients} clients`,
            unit: '×',
            ...ratio,
            goal: '≥ 0.5×',
            met: ratio.median >= 0.5,
          },
        );
      }
      return figures;
    } finally {
      await store.close();
      await pool.end();
      await db.drop();
    }
  },
};

