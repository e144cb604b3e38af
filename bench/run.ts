// `npm run bench [-- --quick] [-- --only=1,3]`: every measure of issue 8, one table,
// and the results as JSON in bench/results/. Goals are reported, never asserted.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Redis from 'ioredis';
import type { BenchContext, Measure } from './lib/bench-context';
import { describeMachine } from './lib/machine';
import { notMeasured, renderTable, writeResults, type Figure, type Results } from './lib/report';
import { MEASURES } from './measures';

/** The benchmark's own Redis db index, away from the app's (0) and the tests' (14, 15). */
const BENCH_REDIS_DB = 12;

function benchRedisUrl(url: string): string {
  const u = new URL(url);
  u.pathname = `/${BENCH_REDIS_DB}`;
  return u.toString();
}

async function removeKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function parseArgs(argv: string[]): { quick: boolean; only?: Set<string> } {
  const quick = argv.includes('--quick');
  const onlyArg = argv.find((a) => a.startsWith('--only='));
  return { quick, only: onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : undefined };
}

async function main(): Promise<void> {
  const { quick, only } = parseArgs(process.argv.slice(2));
  const databaseUrl = process.env.DATABASE_URL;
  const baseRedisUrl = process.env.REDIS_URL;
  if (!databaseUrl || !baseRedisUrl) throw new Error('DATABASE_URL and REDIS_URL must be set (npm run bench sets them)');
  const started = Date.now();
  const redisUrl = benchRedisUrl(baseRedisUrl);
  const keyPrefix = `iln_bench_${randomBytes(4).toString('hex')}`;
  const log = (m: string) => process.stdout.write(`[bench +${((Date.now() - started) / 1000).toFixed(0)}s] ${m}\n`);
  const machine = await describeMachine(databaseUrl, redisUrl);
  const figures: Figure[] = [];
  const ctx: BenchContext = { quick, databaseUrl, redisUrl, keyPrefix, figures, log };

  try {
    for (const measure of MEASURES as Measure[]) {
      if (only && !measure.id.split(',').some((id) => only.has(id))) continue;
      log(`measure ${measure.id}: ${measure.title}`);
      try {
        figures.push(...(await measure.run(ctx)));
      } catch (e) {
        const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
        log(`measure ${measure.id} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        figures.push(notMeasured(`${measure.id}. ${measure.title}`, 'all', `failed: ${reason}`));
      }
    }
  } finally {
    await removeKeys(redisUrl, keyPrefix);
  }

  const results: Results = {
    date: new Date().toISOString().slice(0, 10),
    mode: quick ? 'quick' : 'full',
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine,
    figures,
  };
  process.stdout.write(`\n${renderTable(results)}\n\n`);
  const file = writeResults(results, path.resolve(__dirname, '..', '..', 'bench', 'results'));
  process.stdout.write(`results written to ${path.relative(process.cwd(), file)}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
