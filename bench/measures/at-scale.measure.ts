// Measures 3, 5 and 7 share one database grown in steps (10k → 100k → 1M → 3M events in
// full mode), since loading millions of events is most of their cost:
//   7. growth: append latency and case stream read latency at each size;
//   3. projection rebuild (all read models) at the steps marked rebuild, with the rebuild
//      process's peak RSS at each (two log sizes: memory must not grow with the log);
//   5. queries and case detail over HTTP on those freshly rebuilt read models.
import { Pool } from 'pg';
import { PostgresEventStore, postgresEventStorePoolConfig } from '@iln/event-store';
import { PRACTITIONERS } from '../lib/case-histories';
import { appEnv, runCliMeasured, startApi, type RunningApi } from '../lib/app-processes';
import { call, devToken } from '../lib/api-client';
import { createBenchDatabase } from '../lib/bench-database';
import type { BenchContext, Measure } from '../lib/bench-context';
import { loadCases, type LoadResult } from '../lib/load-cases';
import { noteEvent } from '../lib/payloads';
import { API_RSS_GOAL_MIB, notMeasured, REBUILD_RSS_GOAL_MIB, rssFigure, type Figure } from '../lib/report';
import { LatencyRecorder, summarise } from '../lib/stats';

const GROWTH = '7. growth';
const REBUILD = '3. projection rebuild';
const QUERIES = '5. queries';

interface Step {
  label: string;
  events: number;
  /** Rebuild every read model here (rate and peak RSS). */
  rebuild?: boolean;
  /** Rebuild, then measure case detail and the queries on the read models. */
  readModels?: boolean;
}

// The rebuild (and the queries on its read models) runs at 1M events in full mode, and
// at 100k before it so that the rebuild's peak RSS is seen at two log sizes. Quick mode
// rebuilds 10k and 40k events, where process start is a large share of the time.
function plan(quick: boolean): Step[] {
  return quick
    ? [
        { label: '10k', events: 10_000, readModels: true },
        { label: '40k', events: 40_000, rebuild: true },
      ]
    : [
        { label: '10k', events: 10_000 },
        { label: '100k', events: 100_000, rebuild: true },
        { label: '1M', events: 1_000_000, readModels: true },
        { label: '3M', events: 3_000_000 },
      ];
}

export const atScaleMeasure: Measure = {
  id: '3,5,7',
  title: 'rebuild, queries and growth on a growing log',
  async run(ctx: BenchContext): Promise<Figure[]> {
    const steps = plan(ctx.quick);
    const db = await createBenchDatabase(ctx.databaseUrl);
    const pool = new Pool(postgresEventStorePoolConfig(db.url, { max: 8 }));
    const store = new PostgresEventStore(pool);
    const env = appEnv(db.url, ctx.redisUrl, ctx.keyPrefix);
    const figures: Figure[] = [];
    const sample: LoadResult['sample'] = [];
    let cases = 0;
    let events = 0;
    try {
      for (const step of steps) {
        // Cases are ~34 events each; load until the log holds the step's size.
        while (events < step.events) {
          const batch = Math.max(1, Math.ceil((step.events - events) / 34));
          const loaded = await loadCases(store, cases, batch, {
            concurrency: 4,
            onProgress: (d, e) => ctx.log(`  loading: ${cases + d} cases, ${events + e} events`),
          });
          cases += loaded.cases;
          events += loaded.events;
          sample.push(...loaded.sample);
          ctx.log(`loaded ${loaded.events} events in ${loaded.seconds.toFixed(1)}s (${(loaded.events / loaded.seconds).toFixed(0)} events/s); log at ${events}`);
        }
        // Steady state, as autovacuum would leave it, rather than the bulk load's aftermath.
        await pool.query('VACUUM (ANALYZE) es_events, es_streams');
        figures.push(...(await growthPoint(ctx, store, step, sample)));
        if (!step.readModels && !step.rebuild) continue;
        const rebuilt = await rebuild(env, events);
        if (!rebuilt.ok) {
          figures.push(notMeasured(REBUILD, 'rebuild', rebuilt.reason));
          if (step.readModels) figures.push(notMeasured(QUERIES, 'all queries', 'no read models'));
          continue;
        }
        const rate = events / rebuilt.seconds;
        ctx.log(`rebuilt all read models from ${events} events in ${rebuilt.seconds.toFixed(1)}s`);
        figures.push({
          measure: REBUILD,
          name: `${step.label} events → all read models`,
          unit: 'events/s',
          ...summarise([rate]),
          goal: '≥ 20,000/s',
          met: rate >= 20_000,
          note: `${rebuilt.seconds.toFixed(0)} s for ${events.toLocaleString('en-GB')} events, one run, process start included; 1M at this rate: ~${Math.round(1e6 / rate / 60)} min; each model's time to its swap: ${rebuilt.perProjection}`,
        });
        figures.push(rssFigure(REBUILD, `rebuild process peak RSS at ${step.label} events`, rebuilt.peakRssMiB, REBUILD_RSS_GOAL_MIB));
        if (!step.readModels) continue;
        const api = await startApi(env).catch((e: Error) => (ctx.log(e.message), null));
        try {
          figures.push(...(await caseDetailPoint(ctx, api, step, sample)));
          figures.push(...(await queries(ctx, api, step, sample, cases)));
          if (api) figures.push(rssFigure(QUERIES, `API peak RSS during the queries (${step.label} events)`, api.process.peakRssMiB(), API_RSS_GOAL_MIB));
        } finally {
          await api?.process.stop();
        }
      }
      figures.push(...growthRatios(figures, steps), ...rebuildMemoryGrowth(figures, steps));
      return figures;
    } finally {
      await store.close();
      await pool.end();
      await db.drop();
    }
  },
};

type Rebuilt = { ok: true; seconds: number; perProjection: string; peakRssMiB: number | null } | { ok: false; reason: string };

async function rebuild(env: NodeJS.ProcessEnv, events: number): Promise<Rebuilt> {
  const started = process.hrtime.bigint();
  let output: string;
  let sampled: number | null;
  try {
    ({ output, peakRssMiB: sampled } = await runCliMeasured('apps/worker/src/cli.js', ['projections:rebuild'], env));
  } catch (e) {
    return { ok: false, reason: `projections:rebuild failed at ${events} events: ${(e as Error).message.split('\n')[0].slice(0, 160)}` };
  }
  // "<name>: rebuilt from N events in M ms", one line per projection: where the time goes.
  const perProjection = [...output.matchAll(/^(\S+): rebuilt from \d+ events in (\d+) ms$/gm)]
    .map((m) => `${m[1]} ${(Number(m[2]) / 1000).toFixed(1)}s`)
    .join(', ');
  // The command prints its own high-water mark as it ends; the sampled one misses the last 200 ms.
  const printed = /^peak RSS (\d+) MiB$/m.exec(output);
  return { ok: true, seconds: Number(process.hrtime.bigint() - started) / 1e9, perProjection, peakRssMiB: printed ? Number(printed[1]) : sampled };
}

/**
 * The rebuild's peak RSS from the smallest to the largest log rebuilt: it should stay
 * flat. V8 lets the heap grow to a plateau (about 270 MiB of heap for a live set of about
 * 60 MiB after a full collection) over the first ~100k events, so the goal is judged from
 * 100k events on (the full run); the quick run's 10k → 40k shows the ramp.
 */
function rebuildMemoryGrowth(figures: Figure[], steps: Step[]): Figure[] {
  const rebuilt = steps.filter((s) => s.rebuild || s.readModels);
  if (rebuilt.length < 2) return [];
  const [first, last] = [rebuilt[0], rebuilt[rebuilt.length - 1]];
  const a = figures.find((f) => f.name === `rebuild process peak RSS at ${first.label} events`)?.median;
  const b = figures.find((f) => f.name === `rebuild process peak RSS at ${last.label} events`)?.median;
  if (a == null || b == null) return [];
  const change = (b - a) / a;
  const name = `rebuild peak RSS: change ${first.label} → ${last.label} events`;
  if (first.events < 100_000) return [{ measure: REBUILD, name, unit: '%', median: change * 100, note: 'below 100k events V8 is still growing its heap: judged on the full run' }];
  return [{ measure: REBUILD, name, unit: '%', median: change * 100, goal: '≤ 20% (flat)', met: change <= 0.2 }];
}

const pickFrom = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];

async function growthPoint(ctx: BenchContext, store: PostgresEventStore, step: Step, sample: LoadResult['sample']): Promise<Figure[]> {
  const n = ctx.quick ? 200 : 500;
  const appendRuns: number[] = [];
  const readRuns: number[] = [];
  for (let run = 0; run < 3; run++) {
    const append = new LatencyRecorder();
    const read = new LatencyRecorder();
    for (let k = 0; k < n; k++) {
      const c = pickFrom(sample);
      await append.time(() => store.appendToStream(`case-${c.caseId}`, [noteEvent()], { expectedVersion: 'any' }));
      await read.time(() => store.readStream(`case-${pickFrom(sample).caseId}`));
    }
    appendRuns.push(append.p(0.5));
    readRuns.push(read.p(0.5));
  }
  return [
    { measure: GROWTH, name: `append p50 at ${step.label} events`, unit: 'ms', ...summarise(appendRuns) },
    { measure: GROWTH, name: `case stream read p50 at ${step.label} events`, unit: 'ms', ...summarise(readRuns) },
  ];
}

async function timedGets(api: RunningApi, token: string, paths: () => string, n: number): Promise<{ p50: number; p95: number; failures: number }> {
  const latency = new LatencyRecorder();
  let failures = 0;
  for (let k = 0; k < n; k++) {
    const res = await latency.time(() => call(api.baseUrl, token, 'GET', paths()));
    if (res.status !== 200) failures++;
  }
  return { p50: latency.p(0.5), p95: latency.p(0.95), failures };
}

async function caseDetailPoint(ctx: BenchContext, api: RunningApi | null, step: Step, sample: LoadResult['sample']): Promise<Figure[]> {
  const name = `case detail (HTTP) p50 at ${step.label} events`;
  if (!api) return [notMeasured(GROWTH, name, 'no API with read models')];
  const token = await devToken(api.baseUrl);
  const runs: number[] = [];
  let failures = 0;
  for (let run = 0; run < 3; run++) {
    const r = await timedGets(api, token, () => `/api/cases/${pickFrom(sample).caseId}`, ctx.quick ? 100 : 300);
    runs.push(r.p50);
    failures += r.failures;
  }
  return [{ measure: GROWTH, name, unit: 'ms', ...summarise(runs), ...(failures ? { note: `${failures} non-200 answers` } : {}) }];
}

async function queries(ctx: BenchContext, api: RunningApi | null, step: Step, sample: LoadResult['sample'], cases: number): Promise<Figure[]> {
  const at = `${cases.toLocaleString('en-GB')} cases, ${step.label} events`;
  if (!api) return [notMeasured(QUERIES, 'all queries', 'no API with read models')];
  const manager = await devToken(api.baseUrl);
  const names = ['Okafor', 'Patel', 'Nowak', 'Smith', 'Clarke'];
  const kinds: Array<{ name: string; token: string; path: () => string }> = [
    { name: 'case search (name, locality)', token: manager, path: () => `/api/cases?q=${pickFrom(names)}&localityId=grays&pageSize=50` },
    { name: 'case search (reference)', token: manager, path: () => `/api/cases?q=ILN-BEN-${String(Math.floor(Math.random() * cases)).padStart(7, '0')}` },
    { name: 'case detail', token: manager, path: () => `/api/cases/${pickFrom(sample).caseId}` },
    { name: 'worklist (a practitioner)', token: await devToken(api.baseUrl, PRACTITIONERS[3].id), path: () => '/api/worklist' },
    { name: 'locality dashboard', token: manager, path: () => `/api/localities/${pickFrom(['grays', 'asop'])}/dashboard` },
  ];
  const figures: Figure[] = [];
  for (const kind of kinds) {
    const p95s: number[] = [];
    const p50s: number[] = [];
    let failures = 0;
    for (let run = 0; run < 3; run++) {
      const r = await timedGets(api, kind.token, kind.path, ctx.quick ? 40 : 150);
      p95s.push(r.p95);
      p50s.push(r.p50);
      failures += r.failures;
    }
    const p95 = summarise(p95s);
    figures.push({
      measure: QUERIES,
      name: `${kind.name} p95 (${at})`,
      unit: 'ms',
      ...p95,
      goal: 'p95 ≤ 50 ms',
      met: p95.median <= 50 && failures === 0,
      note: `p50 ${summarise(p50s).median.toFixed(1)} ms${failures ? `; ${failures} non-200 answers` : ''}`,
    });
    ctx.log(`${kind.name}: p95 ${p95.median.toFixed(1)} ms`);
  }
  return figures;
}

/** Change from the smallest to the largest log, per growth series. */
function growthRatios(figures: Figure[], steps: Step[]): Figure[] {
  const first = steps[0].label;
  const last = steps[steps.length - 1].label;
  const series = ['append p50', 'case stream read p50'];
  return series.flatMap((s) => {
    const a = figures.find((f) => f.name === `${s} at ${first} events`)?.median;
    const b = figures.find((f) => f.name === `${s} at ${last} events`)?.median;
    if (a == null || b == null) return [];
    const change = (b - a) / a;
    return [{ measure: GROWTH, name: `${s}: change ${first} → ${last}`, unit: '%', median: change * 100, goal: '≤ 20%', met: change <= 0.2 }];
  });
}

