// `node dist/bench/rebuild-profile.js --events=200000 [--runs=2] [--keep] [--db=URL]`:
// one projection rebuild (every read model) on a generated log of the given size, outside
// the full benchmark, to profile or compare rebuild changes. Prints the rate, the time per
// model and the rebuild process's peak RSS for each run. With BENCH_NODE_ARGS="--cpu-prof
// --cpu-prof-dir=/tmp/prof" the rebuild process writes a CPU profile. `--db` reuses a
// database left by `--keep` (already holding its log) instead of making and loading one.
import 'reflect-metadata';
import { Pool } from 'pg';
import { PostgresEventStore, postgresEventStorePoolConfig } from '@iln/event-store';
import { appEnv, runCliMeasured } from './lib/app-processes';
import { createBenchDatabase } from './lib/bench-database';
import { loadCases } from './lib/load-cases';

function arg(name: string): string | undefined {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`) || a === `--${name}`);
  return found?.includes('=') ? found.slice(name.length + 3) : found ? '' : undefined;
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!databaseUrl || !redisUrl) throw new Error('DATABASE_URL and REDIS_URL must be set');
  const target = Number(arg('events') ?? 100_000);
  const runs = Number(arg('runs') ?? 1);
  const keep = arg('keep') !== undefined;
  const reuse = arg('db');
  const db = reuse ? { url: reuse, drop: async () => undefined } : await createBenchDatabase(databaseUrl);
  try {
    const pool = new Pool(postgresEventStorePoolConfig(db.url, { max: 4 }));
    const store = new PostgresEventStore(pool);
    try {
      const [{ n, cases }] = (await pool.query(`SELECT count(*)::int AS n, count(DISTINCT stream_id)::int AS cases FROM es_events`)).rows;
      let events = n as number;
      if (events < target) {
        const loaded = await loadCases(store, cases as number, Math.ceil((target - events) / 34), {
          onProgress: (d, e) => process.stdout.write(`loading: ${d} cases, ${events + e} events\n`),
        });
        events += loaded.events;
        await pool.query('VACUUM (ANALYZE) es_events, es_streams');
      }
      process.stdout.write(`log: ${events} events (${db.url})\n`);
      for (let run = 0; run < runs; run++) {
        const started = process.hrtime.bigint();
        const { output, peakRssMiB } = await runCliMeasured('apps/worker/src/cli.js', ['projections:rebuild'], appEnv(db.url, redisUrl, 'iln_rebuild_profile'));
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        process.stdout.write(output);
        process.stdout.write(`run ${run + 1}: ${events} events in ${seconds.toFixed(1)} s = ${Math.round(events / seconds)} events/s; peak RSS ${peakRssMiB} MiB\n`);
      }
    } finally {
      await store.close();
      await pool.end();
    }
  } finally {
    if (keep) process.stdout.write(`kept ${db.url}\n`);
    else await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
