// `node dist/bench/explain-dashboard.js [--cases=N]` (after `npm run build`; DATABASE_URL):
// the locality dashboard before and after issue 18 on a generated data set of its own
// database (dropped at the end). N realistic case histories (bench/lib/case-histories, ~34
// events each) go through the read models the old computation read and through the
// 'dashboard' projection; then each computation is timed (p50/p95 over 40 calls, a
// locality and the borough) and its statements are explained with EXPLAIN (ANALYZE, BUFFERS).
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '@iln/event-store';
import { ALL_PROJECTIONS } from '@iln/case-coordination';
import { caseStreamId } from '@iln/case-coordination/case-stream';
import { dashboardMeasures } from '@iln/case-coordination/read-models/dashboard/dashboard-measures';
import { oldDashboardMeasures } from '@iln/case-coordination/read-models/dashboard/dashboard-measures.reference';
import { createBenchDatabase } from './lib/bench-database';
import { generateCase } from './lib/case-histories';

const PAGE = 5000;

async function main(): Promise<void> {
  const cases = Number(process.argv.find((a) => a.startsWith('--cases='))?.slice('--cases='.length) ?? 6000);
  const db = await createBenchDatabase(process.env.DATABASE_URL ?? 'postgres://iln:iln@127.0.0.1:55432/iln');
  const pool = new Pool({ connectionString: db.url, max: 2 });
  try {
    const sql = { query: async (text: string, params?: unknown[]) => (await pool.query(text, params)).rows };
    const projections = ALL_PROJECTIONS.filter((p) => !['case-detail', 'timeline', 'notes'].includes(p.name));
    let page: RecordedEvent[] = [];
    let position = 0;
    let events = 0;
    const flush = async () => {
      for (const p of projections) await p.applyBatch(sql, page);
      events += page.length;
      page = [];
    };
    for (let i = 0; i < cases; i++) {
      const h = generateCase(i);
      h.events.forEach((e, version) =>
        page.push({ ...e, streamId: caseStreamId(h.caseId), version, position: String(++position).padStart(12, '0'), recordedAt: new Date() } as RecordedEvent),
      );
      if (page.length >= PAGE) await flush();
    }
    if (page.length > 0) await flush();
    await pool.query('VACUUM ANALYZE');
    const sizes = await pool.query(
      `SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE relname LIKE 'rm_%' ORDER BY relname`,
    );
    process.stdout.write(`${cases} cases, ${events} events\n${sizes.rows.map((r) => `  ${r.relname}: ${r.n_live_tup} rows`).join('\n')}\n`);

    // The bench's dashboard: the 90 days to the end of the generated histories (2026-10-01).
    const from = new Date('2026-07-03T00:00:00+01:00');
    const to = new Date('2026-10-01T00:00:00+01:00');
    const explained: string[] = [];
    const explaining = (label: string) => ({
      query: async (text: string, params?: unknown[]) => {
        const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${text}`, params);
        explained.push(`-- ${label}\n${text.trim()}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
        return (await pool.query(text, params)).rows;
      },
    });
    const options = { smallOutcomeCounts: false };
    for (const [label, run] of [
      ['before (old SQL over the read models)', oldDashboardMeasures],
      ['after (pre-aggregated counts)', dashboardMeasures],
    ] as const) {
      for (const scope of ['grays', null]) {
        const ms: number[] = [];
        for (let i = 0; i < 40; i++) {
          const t = process.hrtime.bigint();
          await run(sql as unknown as DataSource, scope, from, to, options);
          ms.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
        ms.sort((a, b) => a - b);
        process.stdout.write(`${label}, ${scope ?? 'borough'}: p50 ${ms[19].toFixed(1)} ms, p95 ${ms[37].toFixed(1)} ms\n`);
      }
      await run(explaining(label) as unknown as DataSource, 'grays', from, to, options);
    }
    // A year's range: the counts read do not grow with it beyond its whole months.
    await dashboardMeasures(explaining('after, a year (2025-10-01 to 2026-09-30)') as unknown as DataSource, 'grays', new Date('2025-10-01T00:00:00+01:00'), to, options);
    process.stdout.write(`\n${explained.join('\n')}`);
  } finally {
    await pool.end();
    await db.drop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
