// Measure 6: N follow-ups all due within the same minute; the delay from each one's due
// time to its FollowUpBecameOverdue event (recorded_at in the log, written by the worker's
// timer through the case commands), p50/p99.
//
// The compiled worker runs as a child process, as in production, with a short
// FOLLOW_UP_POLICY_FILE. Cases are appended straight to the log (opening 10,000 through
// HTTP would take minutes of reference locking) with their first follow-up (allocate the
// coordinator) due in the window, as an hour-long policy would have set it for cases opened
// an hour earlier; the worker schedules the timers from the log while they arrive.
import { Pool } from 'pg';
import { PostgresEventStore, postgresEventStorePoolConfig } from '@iln/event-store';
import { appEnv, policyFile, startApp, waitUntil } from '../lib/app-processes';
import { createBenchDatabase } from '../lib/bench-database';
import type { BenchContext, Measure } from '../lib/bench-context';
import { generateOpenCase } from '../lib/case-histories';
import { notMeasured, rssFigure, type Figure } from '../lib/report';
import { quantile, summarise } from '../lib/stats';

const MEASURE = '6. follow-ups';

export const followUpsMeasure: Measure = {
  id: '6',
  title: 'follow-ups due in the same minute',
  async run(ctx: BenchContext): Promise<Figure[]> {
    const count = ctx.quick ? 1_000 : 10_000;
    const windowMs = ctx.quick ? 10_000 : 60_000;
    // Time for the appends and the scheduler to see them before the first falls due.
    const leadMs = ctx.quick ? 12_000 : 45_000;
    const name = `${count.toLocaleString('en-GB')} due within ${windowMs / 1000} s`;
    const db = await createBenchDatabase(ctx.databaseUrl);
    const pool = new Pool(postgresEventStorePoolConfig(db.url, { max: 8 }));
    const store = new PostgresEventStore(pool);
    // Escalation a day later so only the overdue step fires during the measure.
    const policy = policyFile({ 'allocate-coordinator': 'PT1H', 'escalation-grace': 'P1D' });
    const worker = startApp('apps/worker/src/main.js', appEnv(db.url, ctx.redisUrl, ctx.keyPrefix, { FOLLOW_UP_POLICY_FILE: policy }));
    try {
      // The worker is up once its projection runner has created its checkpoint rows.
      await waitUntil(async () => (await pool.query('SELECT 1 FROM projection_checkpoints')).rowCount! > 0, 60_000, 'the worker to start').catch((e: Error) => {
        throw new Error(`${e.message}: ${worker.output().slice(-300)}`);
      });
      const windowStart = Date.now() + leadMs;
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < count) {
            const i = next++;
            const history = generateOpenCase(i);
            const due = new Date(windowStart + Math.floor((i / count) * windowMs)).toISOString();
            // Opened, its allocation follow-up scheduled, not yet allocated.
            const scheduled = history.events.findIndex((e) => e.type === 'FollowUpScheduled');
            const events = history.events
              .slice(0, scheduled + 1)
              .map((e) => (e.type === 'FollowUpScheduled' ? { ...e, data: { ...(e.data as object), dueAt: due } } : e));
            await store.appendToStream(`case-${history.caseId}`, events, { expectedVersion: 'no-stream' });
          }
        }),
      );
      const loadedAt = Date.now();
      ctx.log(`appended ${count} cases; first due in ${((windowStart - loadedAt) / 1000).toFixed(1)} s`);
      if (loadedAt > windowStart) return [notMeasured(MEASURE, name, 'loading took longer than the lead time')];
      const overdue = async () =>
        Number((await pool.query(`SELECT count(*) AS n FROM es_events WHERE type = 'FollowUpBecameOverdue'`)).rows[0].n);
      await waitUntil(async () => (await overdue()) >= count, windowStart + windowMs + (ctx.quick ? 30_000 : 120_000) - Date.now(), 'every follow-up to become overdue').catch(
        () => undefined,
      );
      const { rows } = await pool.query<{ delay_ms: string }>(
        `SELECT extract(epoch FROM (e.recorded_at - (e.data->>'dueAt')::timestamptz)) * 1000 AS delay_ms
           FROM es_events e WHERE e.type = 'FollowUpBecameOverdue'`,
      );
      const timers = await pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM follow_up_timers GROUP BY status`);
      ctx.log(`timers: ${timers.rows.map((r) => `${r.status} ${r.n}`).join(', ') || 'none'}`);
      const delays = rows.map((r) => Number(r.delay_ms)).sort((a, b) => a - b);
      const missing = count - delays.length;
      ctx.log(`${delays.length} overdue events; p50 ${quantile(delays, 0.5).toFixed(0)} ms, p99 ${quantile(delays, 0.99).toFixed(0)} ms late`);
      if (delays.length === 0) ctx.log(worker.output().slice(-1500));
      if (delays.length === 0) return [notMeasured(MEASURE, name, `no FollowUpBecameOverdue recorded`)];
      const p99 = quantile(delays, 0.99);
      const note = `one run; max ${quantile(delays, 1).toFixed(0)} ms; ${delays.filter((d) => d > 1000).length} more than 1 s late${missing ? `; ${missing} not overdue by the end of the wait` : ''}`;
      return [
        { measure: MEASURE, name: `${name}: delay p50`, unit: 'ms', ...summarise([quantile(delays, 0.5)]) },
        { measure: MEASURE, name: `${name}: delay p99`, unit: 'ms', ...summarise([p99]), goal: 'p99 ≤ 1 s late', met: p99 <= 1000 && missing === 0, note },
        rssFigure(MEASURE, 'worker peak RSS', worker.peakRssMiB()),
      ];
    } finally {
      await worker.stop();
      await store.close();
      await pool.end();
      await db.drop();
    }
  },
};
