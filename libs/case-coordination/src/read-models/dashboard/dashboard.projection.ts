import type { RecordedEvent } from '@iln/event-store';
import { asCaseEvent, type FillHeld, type Projection, type SqlRunner } from '../../projections/projection';
import type { EventInContext } from '../../projections/row-projection';
import {
  contributions,
  foldCaseFacts,
  MEASURE_INDEX,
  MEASURES,
  monthOf,
  NO_DAY,
  type CaseFacts,
  type Contributions,
  type CountContribution,
  type ItemContribution,
} from './dashboard-facts';
import { daysText, micros, spanDays } from './span-days';

const CASES = 'rm_dashboard_cases';
const COUNTS = 'rm_dashboard_counts';
const ITEMS = 'rm_dashboard_items';

type Grain = 'd' | 'm' | 'n' | 'x';

interface CountDelta {
  scope: string;
  grain: Grain;
  day: string;
  dim: string;
  day2: string;
  n: number[];
  total: number[];
  /** "from|to" -> how many times its days to allocation are added (negative: taken away). */
  spans: Map<string, number>;
  /** Days to allocation already summed in memory (a rebuild's fill: span-days.ts), in units of 10^-40. */
  days: bigint;
}

/** The rows a count adds to: its day and its month, or no day, or (a case closed before it opened) its own. */
function rowsOf(x: CountContribution): Array<[Grain, string]> {
  if (x.day === NO_DAY) return [['n', NO_DAY]];
  if (x.odd) return [['x', x.day]];
  return [
    ['d', x.day],
    ['m', monthOf(x.day)],
  ];
}

/** The sum, over the cases of a batch, of their new contributions minus their old ones. */
export class ContributionDelta {
  /** Item key -> the item (null: removed). */
  readonly items = new Map<string, ItemContribution | null>();

  /**
   * @param counts where the count changes are added up: a fresh map per batch, or a
   *   rebuild's fill's map held across its pages (heldCounts), which then sums the days to
   *   allocation here, exactly, instead of keeping every span.
   * @param sumDays sum the spans' days in memory (span-days.ts) rather than leave them to SQL.
   */
  constructor(
    readonly counts = new Map<string, CountDelta>(),
    private readonly sumDays = false,
  ) {}

  apply(old: Contributions, now: Contributions): void {
    if (old.counts.length === 0) {
      // A case's first contributions (always so in a rebuild's fill but for cases spanning pages): nothing to cancel.
      for (const x of now.counts) this.addCount(x, 1);
    } else this.applyChanged(old, now);
    const was = new Map(old.items.map((i) => [itemKey(i), i]));
    const is = new Map(now.items.map((i) => [itemKey(i), i]));
    for (const k of was.keys()) if (!is.has(k)) this.items.set(k, null);
    for (const [k, i] of is) {
      const before = was.get(k);
      if (!before || before.dim !== i.dim || before.day !== i.day || before.at !== i.at || before.until !== i.until) this.items.set(k, i);
    }
  }

  private applyChanged(old: Contributions, now: Contributions): void {
    // What an event changes is a few of a case's contributions: those it keeps cancel out
    // here, before they are spread over their rows.
    const net = new Map<string, { x: CountContribution; times: number }>();
    const bump = (x: CountContribution, by: number) => {
      const k = `${x.scope}\u0000${x.measure}\u0000${x.dim}\u0000${x.day}\u0000${x.day2}\u0000${x.odd}\u0000${x.n}\u0000${x.total}\u0000${x.span?.join('|') ?? ''}`;
      const entry = net.get(k);
      if (entry) entry.times += by;
      else net.set(k, { x, times: by });
    };
    for (const x of old.counts) bump(x, -1);
    for (const x of now.counts) bump(x, 1);
    for (const { x, times } of net.values()) if (times !== 0) this.addCount(x, times);
  }

  private addCount(x: CountContribution, sign: number): void {
    const m = MEASURE_INDEX[x.measure];
    for (const [grain, day] of rowsOf(x)) {
      const k = countKey(x.scope, grain, day, x.dim, x.day2);
      let d = this.counts.get(k);
      if (!d) {
        d = { scope: x.scope, grain, day, dim: x.dim, day2: x.day2, n: new Array<number>(MEASURES.length).fill(0), total: new Array<number>(MEASURES.length).fill(0), spans: new Map(), days: 0n };
        this.counts.set(k, d);
      }
      d.n[m] += sign * x.n;
      d.total[m] += sign * x.total;
      if (x.span) {
        const from = this.sumDays ? micros(x.span[0]) : null;
        const to = this.sumDays ? micros(x.span[1]) : null;
        if (from !== null && to !== null) d.days += BigInt(sign) * spanDays(from, to);
        else {
          const s = x.span.join('|');
          d.spans.set(s, (d.spans.get(s) ?? 0) + sign);
        }
      }
    }
  }

  /** The count changes that change something. */
  changedCounts(): CountDelta[] {
    return [...this.counts.values()].filter((d) => d.n.some((v) => v !== 0) || d.total.some((v) => v !== 0) || [...d.spans.values()].some((v) => v !== 0));
  }
}

const itemKey = (i: { scope: string; measure: string; itemId: string }) => `${i.scope}\u0000${i.measure}\u0000${i.itemId}`;
const countKey = (scope: string, grain: string, day: string, dim: string, day2: string) => `${scope}\u0000${grain}\u0000${day}\u0000${dim}\u0000${day2}`;

/**
 * The dashboard's counts (issue 18): pre-aggregated per scope (locality, and '*' for the
 * borough), measure and London day, so a dashboard reads a few hundred rows whatever the
 * number of cases. Each case's facts (rm_dashboard_cases, no personal data) remember what
 * it added, so its next events move its counts exactly (a transfer moves them all to the
 * new locality). Idempotent per event: the case row remembers the stream version.
 */
export class DashboardProjection implements Projection {
  readonly name = 'dashboard';
  readonly tables = [CASES, COUNTS, ITEMS] as const;

  async applyBatch(db: SqlRunner, events: readonly RecordedEvent[]): Promise<void> {
    const byCase = new Map<string, EventInContext[]>();
    for (const recorded of events) {
      const e = asCaseEvent(recorded);
      if (!e) continue;
      const list = byCase.get(e.caseId);
      if (list) list.push(e);
      else byCase.set(e.caseId, [e]);
    }
    if (byCase.size === 0) return;
    // A rebuild's fill hands each event once, in order, from the start of the log: a case
    // whose first event here is its stream's first has no facts stored yet.
    const held = db.fillHeld ? heldCounts(db.fillHeld) : null;
    const toLoad = held ? [...byCase].filter(([, list]) => list[0].recorded.version > 0).map(([caseId]) => caseId) : [...byCase.keys()];
    const loaded: Array<{ case_id: string; version: string | number; facts: CaseFacts }> =
      toLoad.length === 0 ? [] : await db.query(`SELECT case_id, version, facts FROM ${CASES} WHERE case_id = ANY ($1::text[])`, [toLoad]);
    const stored = new Map(loaded.map((r) => [r.case_id, { version: Number(r.version), facts: r.facts }]));
    const delta = held ? new ContributionDelta(held, true) : new ContributionDelta();
    const rows: Array<{ caseId: string; version: number; facts: CaseFacts }> = [];
    for (const [caseId, list] of byCase) {
      const was = stored.get(caseId);
      let facts = was?.facts ?? null;
      let version = was?.version ?? -1;
      let moved = false;
      for (const e of list) {
        // Idempotence: the facts already reflect this event (a replay after a rebuild swap).
        if (e.recorded.version <= version) continue;
        facts = foldCaseFacts(facts, e);
        version = e.recorded.version;
        moved = true;
      }
      if (!moved || facts === null) continue;
      delta.apply(contributions(was?.facts ?? null), contributions(facts));
      rows.push({ caseId, version, facts });
    }
    if (rows.length === 0) return;
    const writes: Write[] = [
      {
        sql: `INSERT INTO ${CASES} AS t (case_id, version, facts) SELECT * FROM unnest($1::text[], $2::int8[], $3::jsonb[])
       ON CONFLICT (case_id) DO UPDATE SET version = EXCLUDED.version, facts = EXCLUDED.facts WHERE t.version < EXCLUDED.version`,
        params: [rows.map((r) => r.caseId), rows.map((r) => r.version), rows.map((r) => JSON.stringify(r.facts))],
      },
    ];
    if (!held) writes.push(...(await this.countWrites(db, delta.changedCounts())));
    writes.push(...this.itemWrites(delta));
    await writeTogether(db, writes);
  }

  /** The rebuild's fill is over: its counts, added up in memory, written in a few statements into the empty copy. */
  async finishFill(db: SqlRunner): Promise<void> {
    if (!db.fillHeld) return;
    const rows = [...heldCounts(db.fillHeld).values()].filter((d) => d.n.some((v) => v !== 0) || d.total.some((v) => v !== 0));
    for (let i = 0; i < rows.length; i += FILL_CHUNK) {
      const chunk = rows.slice(i, i + FILL_CHUNK);
      const spans: unknown[][] = [[], [], [], []];
      chunk.forEach((d, key) => {
        for (const [span, sign] of d.spans) if (sign !== 0) [key, sign, ...span.split('|')].forEach((v, j) => spans[j].push(v));
      });
      // The same numbers the live path's upserts leave (trim_scale: no trailing zeros).
      await db.query(
        `INSERT INTO ${COUNTS} (scope, grain, day, dim, day2, n, total, days)
         SELECT k.scope, k.grain, k.day, k.dim, k.day2, k.n::int8[], k.total::int8[], trim_scale(k.days + coalesce(s.days, 0))
           FROM unnest($1::int[], $2::text[], $3::text[], $4::date[], $5::text[], $6::date[], $7::text[], $8::text[], $9::numeric[])
                AS k(key, scope, grain, day, dim, day2, n, total, days)
           LEFT JOIN (SELECT key, sum(sign * (extract(epoch FROM span_to - span_from) / 86400)) AS days
                        FROM unnest($10::int[], $11::int[], $12::timestamptz[], $13::timestamptz[]) AS u(key, sign, span_from, span_to)
                       GROUP BY key) s USING (key)`,
        [
          chunk.map((_, key) => key),
          chunk.map((d) => d.scope),
          chunk.map((d) => d.grain),
          chunk.map((d) => d.day),
          chunk.map((d) => d.dim),
          chunk.map((d) => d.day2),
          chunk.map((d) => `{${d.n.join(',')}}`),
          chunk.map((d) => `{${d.total.join(',')}}`),
          chunk.map((d) => daysText(d.days)),
          ...spans,
        ],
      );
    }
    heldCounts(db.fillHeld).clear();
  }

  /** The count rows' changes, after one read of the rows they change. */
  private async countWrites(db: SqlRunner, changed: CountDelta[]): Promise<Write[]> {
    if (changed.length === 0) return [];
    const keyCols = (rows: CountDelta[]) => [rows.map((d) => d.scope), rows.map((d) => d.grain), rows.map((d) => d.day), rows.map((d) => d.dim), rows.map((d) => d.day2)];
    // The rows as they stand (one owner writes them: the runner under its lock, or a rebuild
    // into its shadow copy), added to here element by element: cheaper than adding arrays
    // in SQL row by row. A shorter stored array reads as zeros after its end.
    const stored: Array<{ scope: string; grain: Grain; day: string; dim: string; day2: string; n: string[]; total: string[] }> = await db.query(
      `SELECT c.scope, c.grain, c.day::text AS day, c.dim, c.day2::text AS day2, c.n, c.total
         FROM ${COUNTS} c JOIN unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::date[]) AS k(scope, grain, day, dim, day2)
           USING (scope, grain, day, dim, day2)`,
      keyCols(changed),
    );
    const before = new Map(stored.map((r) => [countKey(r.scope, r.grain, r.day, r.dim, r.day2), r]));
    const upserts: CountDelta[] = [];
    const removals: CountDelta[] = [];
    for (const d of changed) {
      const was = before.get(countKey(d.scope, d.grain, d.day, d.dim, d.day2));
      const n = d.n.map((v, i) => v + Number(was?.n[i] ?? 0));
      const total = d.total.map((v, i) => v + Number(was?.total[i] ?? 0));
      // A row back to nothing is removed, so counts of now read only live rows (its days to
      // allocation are then back to nothing too: every span added was taken away).
      if (n.every((v) => v === 0) && total.every((v) => v === 0)) {
        if (was) removals.push(d);
      } else upserts.push({ ...d, n, total });
    }
    const writes: Write[] = [];
    if (removals.length > 0) {
      writes.push({
        sql: `DELETE FROM ${COUNTS} WHERE (scope, grain, day, dim, day2) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::date[]))`,
        params: keyCols(removals),
      });
    }
    if (upserts.length === 0) return writes;
    const spans: unknown[][] = [[], [], [], []];
    upserts.forEach((d, i) => {
      for (const [span, sign] of d.spans) if (sign !== 0) [i, sign, ...span.split('|')].forEach((v, j) => spans[j].push(v));
    });
    // The days to allocation are computed here as the old query computed them, so the sums
    // are the same numbers, stored without trailing zeros (so a row reads the same whichever
    // terms were added and taken away on the way: a rebuild equals the live model).
    writes.push({
      sql: `INSERT INTO ${COUNTS} AS t (scope, grain, day, dim, day2, n, total, days)
       SELECT k.scope, k.grain, k.day, k.dim, k.day2, k.n::int8[], k.total::int8[], trim_scale(coalesce(s.days, 0))
         FROM unnest($1::int[], $2::text[], $3::text[], $4::date[], $5::text[], $6::date[], $7::text[], $8::text[])
              AS k(key, scope, grain, day, dim, day2, n, total)
         LEFT JOIN (SELECT key, sum(sign * (extract(epoch FROM span_to - span_from) / 86400)) AS days
                      FROM unnest($9::int[], $10::int[], $11::timestamptz[], $12::timestamptz[]) AS u(key, sign, span_from, span_to)
                     GROUP BY key) s USING (key)
       ON CONFLICT (scope, grain, day, dim, day2) DO UPDATE SET n = EXCLUDED.n, total = EXCLUDED.total, days = trim_scale(t.days + EXCLUDED.days)`,
      params: [upserts.map((_, i) => i), ...keyCols(upserts), upserts.map((d) => `{${d.n.join(',')}}`), upserts.map((d) => `{${d.total.join(',')}}`), ...spans],
    });
    return writes;
  }

  private itemWrites(delta: ContributionDelta): Write[] {
    const writes: Write[] = [];
    const removed = [...delta.items.entries()].filter(([, i]) => i === null).map(([k]) => k.split('\u0000') as [string, string, string]);
    const upserts = [...delta.items.values()].filter((i) => i !== null);
    if (removed.length > 0) {
      writes.push({
        sql: `DELETE FROM ${ITEMS} WHERE (scope, measure, item_id) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`,
        params: [removed.map((k) => k[0]), removed.map((k) => k[1]), removed.map((k) => k[2])],
      });
    }
    if (upserts.length > 0) {
      writes.push({
        sql: `INSERT INTO ${ITEMS} (scope, measure, item_id, dim, day, at, until)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::timestamptz[], $7::timestamptz[])
         ON CONFLICT (scope, measure, item_id) DO UPDATE SET dim = EXCLUDED.dim, day = EXCLUDED.day, at = EXCLUDED.at, until = EXCLUDED.until`,
        params: [
          upserts.map((i) => i.scope),
          upserts.map((i) => i.measure),
          upserts.map((i) => i.itemId),
          upserts.map((i) => i.dim),
          upserts.map((i) => i.day),
          upserts.map((i) => i.at),
          upserts.map((i) => i.until),
        ],
      });
    }
    return writes;
  }
}

/** One write of a batch: its SQL numbers its parameters from $1. */
interface Write {
  sql: string;
  params: unknown[];
}

/**
 * A batch's writes (its cases' facts, the count rows, the items) in one statement and one
 * round trip: all but the last as data-modifying WITH queries, each run once and to
 * completion. They touch different tables, or different rows of one (a count row or item
 * is either removed or upserted), as one statement must.
 */
async function writeTogether(db: SqlRunner, writes: readonly Write[]): Promise<void> {
  if (writes.length === 0) return;
  const params: unknown[] = [];
  const renumbered = writes.map((w) => {
    const offset = params.length;
    params.push(...w.params);
    return w.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  });
  const last = renumbered.pop()!;
  const ctes = renumbered.map((sql, i) => `w${i} AS (${sql})`);
  await db.query(ctes.length === 0 ? last : `WITH ${ctes.join(', ')} ${last}`, params);
}

/** Count rows per statement when a fill's counts are written. */
const FILL_CHUNK = 10_000;

/**
 * The rebuild's fill (SqlRunner.fillHeld): every page's count changes added up in one map,
 * one entry per scope, grain, day, dim and day2 (bounded by the calendar and the reference
 * data, not by the log: about 20,000 rows for 300k bench events), written once in
 * `finishFill` instead of each page reading and rewriting most days' rows.
 */
function heldCounts(fill: FillHeld): Map<string, CountDelta> {
  if (!(fill.state instanceof Map)) fill.state = new Map<string, CountDelta>();
  return fill.state as Map<string, CountDelta>;
}

export const dashboardProjection = new DashboardProjection();
