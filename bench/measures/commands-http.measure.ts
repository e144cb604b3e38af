// Measure 2: commands end to end over HTTP on loopback (autocannon, 32 connections), a
// realistic mix across many cases, against the compiled API as production runs it.
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { PostgresEventStore, postgresEventStorePoolConfig } from '@iln/event-store';
import { devToken } from '../lib/api-client';
import { loadCases } from '../lib/load-cases';
import { appEnv, startApi, type RunningApi } from '../lib/app-processes';
import { createBenchDatabase } from '../lib/bench-database';
import type { BenchContext, Measure } from '../lib/bench-context';
import { nextCommand } from '../lib/command-mix';
import { API_RSS_GOAL_MIB, rssFigure, type Figure } from '../lib/report';
import { LatencyRecorder, summarise } from '../lib/stats';

const MEASURE = '2. commands over HTTP';
const CONNECTIONS = 32;

/**
 * Opens and allocates `count` cases (setup, not measured) by appending the decider's
 * events through the adapter: opening them over HTTP costs ~25 ms each on this machine
 * (gapless references), too slow to set up 10,000 in the time budget.
 */
export async function openCases(databaseUrl: string, count: number): Promise<string[]> {
  const pool = new Pool(postgresEventStorePoolConfig(databaseUrl, { max: 4 }));
  const store = new PostgresEventStore(pool);
  try {
    const loaded = await loadCases(store, 0, count, { justOpened: true });
    return loaded.sample.map((c) => c.caseId);
  } finally {
    await store.close();
    await pool.end();
  }
}

interface Run {
  rate: number;
  latency: LatencyRecorder;
  non2xx: number;
  statuses: Map<number, number>;
}

function load(api: RunningApi, token: string, caseIds: string[], seconds: number): Promise<Run> {
  const latency = new LatencyRecorder();
  const statuses = new Map<number, number>();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: api.baseUrl,
        connections: CONNECTIONS,
        duration: seconds,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (req) => {
              const c = nextCommand(caseIds);
              return { ...req, method: c.method, path: c.path, body: JSON.stringify(c.body) };
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        const ok = result.requests.total - result.non2xx;
        resolve({ rate: ok / (result.duration || seconds), latency, non2xx: result.non2xx + result.errors + result.timeouts, statuses });
      },
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      latency.record(ms);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
}

export const commandsHttpMeasure: Measure = {
  id: '2',
  title: 'commands end to end over HTTP',
  async run(ctx: BenchContext): Promise<Figure[]> {
    const caseCount = ctx.quick ? 1_000 : 10_000;
    const seconds = ctx.quick ? 5 : 15;
    const db = await createBenchDatabase(ctx.databaseUrl);
    const api = await startApi(appEnv(db.url, ctx.redisUrl, ctx.keyPrefix));
    try {
      const token = await devToken(api.baseUrl);
      const caseIds = await openCases(db.url, caseCount);
      ctx.log(`opened ${caseIds.length} cases`);
      await load(api, token, caseIds, 2); // warm-up: JIT, pools, plan caches
      const runs: Run[] = [];
      for (let i = 0; i < 3; i++) {
        runs.push(await load(api, token, caseIds, seconds));
        ctx.log(`run ${i + 1}: ${runs[i].rate.toFixed(0)} commands/s, p99 ${runs[i].latency.p(0.99).toFixed(1)} ms`);
      }
      const rate = summarise(runs.map((r) => r.rate));
      const p = (q: number) => summarise(runs.map((r) => r.latency.p(q)));
      const p99 = p(0.99);
      const non2xx = runs.reduce((s, r) => s + r.non2xx, 0);
      const statuses = new Map<number, number>();
      for (const r of runs) for (const [k, v] of r.statuses) statuses.set(k, (statuses.get(k) ?? 0) + v);
      const statusNote = [...statuses].map(([k, v]) => `${k}×${v}`).join(', ');
      const adapter32 = ctx.figures.find((f) => f.name === 'adapter append, 32 clients')?.median;
      const figures: Figure[] = [
        {
          measure: MEASURE,
          name: `commands/s, ${CONNECTIONS} connections, ${caseCount.toLocaleString('en-GB')} cases`,
          unit: 'commands/s',
          ...rate,
          goal: '≥ 1,000/s',
          met: rate.median >= 1000,
          note: `statuses ${statusNote}${non2xx ? ` (${non2xx} not 2xx)` : ''}`,
        },
        { measure: MEASURE, name: 'latency p50', unit: 'ms', ...p(0.5) },
        { measure: MEASURE, name: 'latency p95', unit: 'ms', ...p(0.95) },
        { measure: MEASURE, name: 'latency p99', unit: 'ms', ...p99, goal: '≤ 50 ms', met: p99.median <= 50 },
        rssFigure(MEASURE, 'API peak RSS under the command load', api.process.peakRssMiB(), API_RSS_GOAL_MIB),
      ];
      if (adapter32) {
        figures.push({
          measure: MEASURE,
          name: 'commands/s ÷ adapter appends/s at 32',
          unit: '×',
          median: rate.median / adapter32,
          note: 'each command reads, decides and appends once',
        });
      }
      return figures;
    } finally {
      await api.process.stop();
      await db.drop();
    }
  },
};
