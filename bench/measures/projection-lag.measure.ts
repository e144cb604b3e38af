// Measure 4: projection lag under a steady 200 commands/s: from a command's response to
// its change being visible in the read models. Each note's Event-Position is passed as
// Await-Position to the case detail, which answers once the read models have processed
// it; the lag is that answer's time minus an unloaded case-detail GET (the query's own cost).
// That figure includes the API's own queueing when it is saturated, so the runner's lag is
// also observed directly: the bench polls the projections' checkpoints in the database
// every 20 ms and times each command from its response to every checkpoint passing it.
// Before the runs it settles, as a service in steady state would be: every projection
// caught up with the 1,000 openings (not only the case detail the probe reads) and the
// fresh tables vacuumed and analysed, as autovacuum would leave them, so the first run
// measures the lag and not the end of the catch-up or an autoanalyze in its middle.
import { Pool } from 'pg';
import { ALL_PROJECTIONS } from '@iln/case-coordination';
import { comparePgPositions, encodePgPosition } from '@iln/event-store/postgres/postgres-position';
import { call, devToken } from '../lib/api-client';
import { appEnv, startApi, startApp, waitUntil } from '../lib/app-processes';
import { createBenchDatabase } from '../lib/bench-database';
import type { BenchContext, Measure } from '../lib/bench-context';
import { API_RSS_GOAL_MIB, notMeasured, rssFigure, type Figure } from '../lib/report';
import { LatencyRecorder, summarise } from '../lib/stats';
import { openCases } from './commands-http.measure';

const MEASURE = '4. projection lag';
const RATE = 200;

export const projectionLagMeasure: Measure = {
  id: '4',
  title: 'projection lag at 200 commands/s',
  async run(ctx: BenchContext): Promise<Figure[]> {
    const seconds = ctx.quick ? 5 : 15;
    const db = await createBenchDatabase(ctx.databaseUrl);
    const env = appEnv(db.url, ctx.redisUrl, ctx.keyPrefix);
    const caseIds = await openCases(db.url, 1_000);
    const worker = startApp('apps/worker/src/main.js', env);
    const api = await startApi(env);
    try {
      const token = await devToken(api.baseUrl);
      // The worker has caught up with the opened cases when their detail is readable.
      await waitUntil(async () => (await call(api.baseUrl, token, 'GET', `/api/cases/${caseIds[caseIds.length - 1]}`)).status === 200, 120_000, 'the projections to catch up');
      const pool = new Pool({ connectionString: db.url, max: 1 });
      await settle(pool);
      const baseline = new LatencyRecorder();
      for (let i = 0; i < 100; i++) await baseline.time(() => call(api.baseUrl, token, 'GET', `/api/cases/${caseIds[i]}`));
      const runs: Array<{ p50: number; p99: number; failures: number }> = [];
      const runnerRuns: Array<{ p50: number; p99: number }> = [];
      for (let run = 0; run < 3; run++) {
        const lag = new LatencyRecorder();
        const runnerLag = new LatencyRecorder();
        const pending: Array<{ position: string; at: number }> = [];
        let watching = true;
        let giveUpAt = Infinity;
        const watcher = (async () => {
          while (watching || pending.length > 0) {
            const { rows } = await pool.query<{ position: string | null }>('SELECT position FROM projection_checkpoints');
            const slowest = rows.map((r) => r.position).reduce((a, b) => (comparePgPositions(a, b) <= 0 ? a : b), rows[0]?.position ?? null);
            const now = Date.now();
            for (let i = pending.length - 1; i >= 0; i--) {
              if (comparePgPositions(slowest, pending[i].position) >= 0) {
                runnerLag.record(now - pending[i].at);
                pending.splice(i, 1);
              }
            }
            if (Date.now() > giveUpAt) break;
            await new Promise((r) => setTimeout(r, 20));
          }
        })();
        let failures = 0;
        const inFlight: Promise<void>[] = [];
        const started = Date.now();
        // Open loop: a command every 5 ms whatever the answers, as independent users send them.
        for (let i = 0; Date.now() - started < seconds * 1000; i++) {
          const due = started + (i * 1000) / RATE;
          const wait = due - Date.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          const caseId = caseIds[Math.floor(Math.random() * caseIds.length)];
          inFlight.push(
            (async () => {
              // A refused or reset connection is a failure of this command, not of the benchmark.
              const res = await call(api.baseUrl, token, 'POST', `/api/cases/${caseId}/notes`, { text: 'Phoned; all well.' });
              const position = res.headers.get('event-position');
              if (res.status < 200 || res.status > 299 || !position) return void failures++;
              pending.push({ position, at: Date.now() });
              const t0 = process.hrtime.bigint();
              const read = await call(api.baseUrl, token, 'GET', `/api/cases/${caseId}`, undefined, { 'Await-Position': position });
              if (read.status !== 200) return void failures++;
              lag.record(Math.max(0, Number(process.hrtime.bigint() - t0) / 1e6 - baseline.p(0.5)));
            })().catch(() => void failures++),
          );
        }
        await Promise.all(inFlight);
        watching = false;
        giveUpAt = Date.now() + 60_000;
        await watcher;
        runs.push({ p50: lag.p(0.5), p99: lag.p(0.99), failures });
        runnerRuns.push({ p50: runnerLag.p(0.5), p99: runnerLag.p(0.99) });
        ctx.log(`run ${run + 1}: lag p50 ${lag.p(0.5).toFixed(1)} ms, p99 ${lag.p(0.99).toFixed(1)} ms, ${failures} failures; runner (checkpoints) p50 ${runnerLag.p(0.5).toFixed(0)} ms, p99 ${runnerLag.p(0.99).toFixed(0)} ms`);
      }
      await pool.end();
      const failures = runs.reduce((s, r) => s + r.failures, 0);
      if (runs.some((r) => !Number.isFinite(r.p99))) {
        return [notMeasured(MEASURE, `lag at ${RATE} commands/s`, `no command was both accepted and read back (${failures} failures)`)];
      }
      const p99 = summarise(runs.map((r) => r.p99));
      return [
        { measure: MEASURE, name: `lag p50 at ${RATE} commands/s`, unit: 'ms', ...summarise(runs.map((r) => r.p50)), note: `unloaded case-detail GET ${baseline.p(0.5).toFixed(1)} ms subtracted` },
        {
          measure: MEASURE,
          name: `lag p99 at ${RATE} commands/s`,
          unit: 'ms',
          ...p99,
          goal: '≤ 250 ms',
          met: p99.median <= 250 && failures === 0,
          ...(failures ? { note: `${failures} commands or reads failed` } : {}),
        },
        {
          measure: MEASURE,
          name: `runner lag p50 / p99 at ${RATE} commands/s (checkpoints)`,
          unit: 'ms',
          ...summarise(runnerRuns.map((r) => r.p99)),
          goal: '≤ 250 ms',
          met: summarise(runnerRuns.map((r) => r.p99)).median <= 250,
          note: `p99 shown; p50 ${summarise(runnerRuns.map((r) => r.p50)).median.toFixed(0)} ms; command response → every projection's checkpoint past it, polled every 20 ms`,
        },
        rssFigure(MEASURE, `API peak RSS at ${RATE} commands/s + reads`, api.process.peakRssMiB(), API_RSS_GOAL_MIB),
        rssFigure(MEASURE, `worker peak RSS at ${RATE} commands/s`, worker.peakRssMiB()),
      ];
    } finally {
      await api.process.stop();
      await worker.stop();
      await db.drop();
    }
  },
};

/** Every projection's checkpoint at the log's head, then the tables vacuumed and analysed. */
async function settle(pool: Pool): Promise<void> {
  const { rows: head } = await pool.query<{ transaction_id: string; global_seq: string }>(
    'SELECT transaction_id, global_seq FROM es_events ORDER BY transaction_id DESC, global_seq DESC LIMIT 1',
  );
  const last = encodePgPosition(head[0].transaction_id, head[0].global_seq);
  await waitUntil(
    async () => {
      const { rows } = await pool.query<{ position: string | null }>('SELECT position FROM projection_checkpoints');
      return rows.length === ALL_PROJECTIONS.length && rows.every((r) => comparePgPositions(r.position, last) >= 0);
    },
    120_000,
    'every projection to catch up',
  );
  await pool.query('VACUUM (ANALYZE)');
}
