// Measure 8 (issue 16): what encrypting personal fields costs. The same case histories
// appended, and every read model rebuilt from them, through the PostgreSQL adapter as it
// is and through the encrypting store above it (one AES-256-GCM call per event holding
// personal data, keys from case_keys), side by side in one run, interleaved so drift hits
// both alike. Goal: at most 15% extra (time with / time without ≤ 1.15).
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresEventStore, postgresEventStorePoolConfig, type EventStore } from '@iln/event-store';
import { buildDataSourceOptions } from '@iln/platform';
import { ALL_PROJECTIONS, CaseKeys, EncryptingEventStore, KeyEncryptionKeys, rebuildProjections, typeOrmDb } from '@iln/case-coordination';
import { createBenchDatabase, type BenchDatabase } from '../lib/bench-database';
import { repeat, type BenchContext, type Measure } from '../lib/bench-context';
import { loadCases } from '../lib/load-cases';
import type { Figure } from '../lib/report';
import { summarise } from '../lib/stats';

const MEASURE = '8. encryption cost';

interface Side {
  db: BenchDatabase;
  pool: Pool;
  ds: DataSource;
  store: EventStore;
  keys?: CaseKeys;
  next: number;
}

async function side(ctx: BenchContext, encrypted: boolean): Promise<Side> {
  const db = await createBenchDatabase(ctx.databaseUrl);
  const pool = new Pool(postgresEventStorePoolConfig(db.url, { max: 8 }));
  const ds = await new DataSource(buildDataSourceOptions({ url: db.url, applicationName: 'iln-bench-rebuild', poolSize: 4 })).initialize();
  const adapter = new PostgresEventStore(pool);
  if (!encrypted) return { db, pool, ds, store: adapter, next: 0 };
  const keys = new CaseKeys(pool, new KeyEncryptionKeys(randomBytes(32)));
  return { db, pool, ds, store: new EncryptingEventStore(adapter, keys), keys, next: 0 };
}

/**
 * `runs` pairs, each side once per pair (drift hits both alike): each side's rate and, per
 * pair, plain ÷ encrypted rate = encrypted ÷ plain time.
 */
async function pairs(runs: number, plain: Side, sealed: Side, once: (s: Side) => Promise<number>) {
  const rates = { plain: [] as number[], sealed: [] as number[], ratio: [] as number[] };
  await repeat(runs, async () => {
    const p = await once(plain);
    const s = await once(sealed);
    rates.plain.push(p);
    rates.sealed.push(s);
    rates.ratio.push(p / s);
    return s;
  });
  return { plain: summarise(rates.plain), sealed: summarise(rates.sealed), ratio: summarise(rates.ratio) };
}

export const encryptionCostMeasure: Measure = {
  id: '8',
  title: 'encryption cost (append and rebuild, with and without)',
  async run(ctx: BenchContext): Promise<Figure[]> {
    // Pairs of runs, each side once per pair: a busy machine's drift shows in the spread.
    const runs = ctx.quick ? 5 : 7;
    const casesPerRun = ctx.quick ? 300 : 2_000;
    const plain = await side(ctx, false);
    const sealed = await side(ctx, true);
    try {
      // Appends `count` more generated case histories to a side, whole or event by event.
      const appendCases = (count: number, eventByEvent: boolean) => async (s: Side) => {
        const first = s.next;
        s.next += count;
        const r = await loadCases(s.store, first, count, { concurrency: 4, eventByEvent });
        return r.events / r.seconds;
      };
      const append = appendCases(casesPerRun, false);
      // Warm both (connections, plan caches, first key rows).
      await append(plain);
      await append(sealed);
      const { plain: ap, sealed: as, ratio: ar } = await pairs(runs, plain, sealed, append);

      // The same, one event per append as the service's commands append (a case's key is
      // made by its first append only): what encryption costs the command path.
      const casesByEvent = ctx.quick ? 60 : 300;
      const appendByEvent = appendCases(casesByEvent, true);
      const { plain: bp, sealed: bs, ratio: br } = await pairs(runs, plain, sealed, appendByEvent);

      const rebuild = async (s: Side) => {
        const started = process.hrtime.bigint();
        const results = await rebuildProjections(typeOrmDb(s.ds), s.store, ALL_PROJECTIONS);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        return results[0].events / seconds;
      };
      const { plain: rp, sealed: rs, ratio: rr } = await pairs(runs, plain, sealed, rebuild);
      const { rows } = await sealed.pool.query<{ n: string }>('SELECT count(*) AS n FROM es_events');
      const events = Number(rows[0].n);
      ctx.log(`append: plain ${ap.median.toFixed(0)} events/s, encrypted ${as.median.toFixed(0)} events/s (×${ar.median.toFixed(3)} time)`);
      ctx.log(`append event by event: plain ${bp.median.toFixed(0)} events/s, encrypted ${bs.median.toFixed(0)} events/s (×${br.median.toFixed(3)} time)`);
      ctx.log(`rebuild at ${events} events: plain ${rp.median.toFixed(0)} events/s, encrypted ${rs.median.toFixed(0)} events/s (×${rr.median.toFixed(3)} time)`);
      const note = `${casesPerRun} whole case histories per run, one append each (every append a case's first, so each makes a key), 4 at a time; rebuild of all read models at ${events} events`;
      return [
        { measure: MEASURE, name: 'append, plain', unit: 'events/s', ...ap, note },
        { measure: MEASURE, name: 'append, encrypted', unit: 'events/s', ...as },
        { measure: MEASURE, name: 'append time (whole histories), encrypted / plain', unit: '×', ...ar, goal: '≤ 1.15×', met: ar.median <= 1.15 },
        { measure: MEASURE, name: 'append event by event (as commands), plain', unit: 'events/s', ...bp, note: `${casesByEvent} case histories per run, one append per event, 4 cases at a time` },
        { measure: MEASURE, name: 'append event by event (as commands), encrypted', unit: 'events/s', ...bs },
        { measure: MEASURE, name: 'append event by event, encrypted / plain', unit: '×', ...br, goal: '≤ 1.15×', met: br.median <= 1.15 },
        { measure: MEASURE, name: 'rebuild, plain', unit: 'events/s', ...rp },
        { measure: MEASURE, name: 'rebuild, encrypted', unit: 'events/s', ...rs },
        { measure: MEASURE, name: 'rebuild time, encrypted / plain', unit: '×', ...rr, goal: '≤ 1.15×', met: rr.median <= 1.15 },
      ];
    } finally {
      for (const s of [plain, sealed]) {
        await s.store.close();
        await s.keys?.close();
        await s.pool.end();
        await s.ds.destroy();
        await s.db.drop();
      }
    }
  },
};
