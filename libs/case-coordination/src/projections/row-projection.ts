import type { RecordedEvent } from '@iln/event-store';
import type { CaseEvent } from '../domain/events';
import { blankErasedPersonalFields } from '../records/erased-event-blanks';
import { asCaseEvent, Projection, SqlRunner } from './projection';

export type ColumnType = 'text' | 'int' | 'float' | 'bool' | 'timestamptz' | 'jsonb';

/** Rows are plain objects keyed by camelCase field; `version` is the stream version they reflect. */
export interface VersionedRow {
  version: number;
  [field: string]: unknown;
}

export interface EventInContext {
  caseId: string;
  event: CaseEvent;
  recorded: RecordedEvent;
}

/**
 * A read model whose rows are each a pure fold of the events that touch them:
 * `keys(e)` says which rows an event touches, `evolve(row, e)` returns the row after it
 * (null deletes). The pure part is what the specs test; this file only persists it.
 */
export interface RowProjectionSpec<Row extends VersionedRow> {
  name: string;
  table: string;
  primaryKey: ReadonlyArray<keyof Row & string>;
  columns: { readonly [K in keyof Row & string]: ColumnType };
  keys(e: EventInContext): Array<Partial<Row>>;
  evolve(row: Row | null, e: EventInContext): Row | null;
  /**
   * Issue 16, disposal: what a case's CaseErased does to its rows here. `caseColumn` names
   * the case; with `blank` (an SQL SET list) the rows stay, their personal data replaced,
   * so the counts read from them survive; without it they are deleted.
   */
  erasure?: { caseColumn: keyof Row & string; blank?: string };
  /**
   * Every row is made by one event and never touched by another (the timeline: one row
   * per event, keyed by its stream version). A rebuild then inserts `evolve(null, e)`
   * without looking rows up or resolving conflicts; the live runner still upserts.
   */
  appendOnly?: boolean;
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Applies a spec's evolve to a list of events in memory (the specs' and `?asAt`'s path). */
export function foldRows<Row extends VersionedRow>(
  spec: RowProjectionSpec<Row>,
  events: readonly RecordedEvent[],
  initial: Row[] = [],
): Row[] {
  const rows = new Map<string, Row | null>(initial.map((r) => [keyString(spec, r), r]));
  for (const recorded of events) {
    const e = asCaseEvent(blankErasedPersonalFields(recorded));
    if (!e) continue;
    for (const key of spec.keys(e)) {
      const k = keyString(spec, key);
      const current = rows.get(k) ?? null;
      if (current && current.version >= recorded.version) continue;
      rows.set(k, spec.evolve(current, e));
    }
  }
  return [...rows.values()].filter((r): r is Row => r !== null);
}

function keyString<Row extends VersionedRow>(spec: RowProjectionSpec<Row>, row: Partial<Row>): string {
  return JSON.stringify(spec.primaryKey.map((k) => row[k]));
}

export class RowProjection<Row extends VersionedRow> implements Projection {
  readonly name: string;
  readonly tables: readonly string[];
  readonly appendOnly: boolean;
  private readonly fields: Array<keyof Row & string>;

  constructor(readonly spec: RowProjectionSpec<Row>) {
    this.name = spec.name;
    this.tables = [spec.table];
    this.appendOnly = spec.appendOnly ?? false;
    this.fields = Object.keys(spec.columns) as Array<keyof Row & string>;
  }

  async applyBatch(db: SqlRunner, events: readonly RecordedEvent[]): Promise<void> {
    const erased = new Set<string>();
    // A rebuild filling a fresh copy of an append-only model: every row is new.
    if (db.rebuildFill && this.spec.appendOnly) await this.appendRows(db, events, erased);
    else await this.applyRows(db, events, erased);
    // Last, so rows the batch wrote for an erased case before its CaseErased go too.
    if (erased.size > 0 && this.spec.erasure) await this.erase(db, [...erased]);
  }

  private async erase(db: SqlRunner, caseIds: string[]): Promise<void> {
    const { caseColumn, blank } = this.spec.erasure!;
    const where = `${snake(caseColumn)} = ANY ($1::text[])`;
    if (blank) await db.query(`UPDATE ${this.spec.table} SET ${blank} WHERE ${where}`, [caseIds]);
    else await db.query(`DELETE FROM ${this.spec.table} WHERE ${where}`, [caseIds]);
  }

  private async applyRows(db: SqlRunner, events: readonly RecordedEvent[], erased: Set<string>): Promise<void> {
    // Pass 1: which rows the batch touches, so they are loaded in one round trip.
    const touched = new Map<string, Partial<Row>>();
    const work: Array<{ e: EventInContext; keys: Array<Partial<Row>> }> = [];
    for (const recorded of events) {
      const e = asCaseEvent(blankErasedPersonalFields(recorded));
      if (!e) continue;
      if (e.event.type === 'CaseErased') erased.add(e.caseId);
      const keys = this.spec.keys(e);
      if (keys.length === 0) continue;
      for (const key of keys) touched.set(keyString(this.spec, key), key);
      work.push({ e, keys });
    }
    if (touched.size === 0) return;
    const loaded = await this.loadMany(db, [...touched.values()]);
    const cache = new Map<string, { key: Partial<Row>; row: Row | null; dirty: boolean; existed: boolean }>();
    for (const [k, key] of touched) {
      const row = loaded.get(k) ?? null;
      cache.set(k, { key, row, dirty: false, existed: row !== null });
    }
    // Pass 2: fold in memory.
    for (const { e, keys } of work) {
      for (const key of keys) {
        const entry = cache.get(keyString(this.spec, key))!;
        // Idempotence: the row already reflects this event (a replay after a rebuild swap).
        if (entry.row && entry.row.version >= e.recorded.version) continue;
        entry.row = this.spec.evolve(entry.row, e);
        entry.dirty = true;
      }
    }
    // Pass 3: one DELETE and one multi-row upsert for the whole batch.
    const deletes = [...cache.values()].filter((c) => c.dirty && c.row === null && c.existed).map((c) => c.key);
    const upserts = new Map<string, Row>();
    for (const c of cache.values()) if (c.dirty && c.row) upserts.set(keyString(this.spec, c.row), c.row);
    if (deletes.length > 0) await this.deleteMany(db, deletes);
    if (upserts.size > 0) await this.upsertMany(db, [...upserts.values()]);
  }

  /**
   * The rebuild's path for an append-only model (SqlRunner.rebuildFill): its rows are all
   * new, so they are inserted in one statement (COPY where the runner can) with no lookup
   * and no conflict check (the shadow table has no index yet; its primary key, built
   * after the fill, would refuse a duplicate). Whatever else `applyBatch` comes to do
   * for a batch must be done for this path too: erased personal fields are blanked and
   * CaseErased cases collected here as in `applyRows` (their rows go after the batch: a
   * DELETE that scans the index-free copy, paid only by batches holding a disposal).
   */
  private async appendRows(db: SqlRunner, events: readonly RecordedEvent[], erased: Set<string>): Promise<void> {
    const rows: Row[] = [];
    for (const recorded of events) {
      const e = asCaseEvent(blankErasedPersonalFields(recorded));
      if (!e) continue;
      if (e.event.type === 'CaseErased') erased.add(e.caseId);
      if (this.spec.keys(e).length === 0) continue;
      const row = this.spec.evolve(null, e);
      if (row) rows.push(row);
    }
    if (rows.length === 0) return;
    if (db.copyFrom) await db.copyFrom(`COPY ${this.spec.table} (${this.fields.map(snake).join(', ')}) FROM STDIN`, this.copyText(rows));
    else await this.insertMany(db, rows);
  }

  /** Rows in COPY's text format: tab-separated, \N for null, backslash escapes (numbers need none). */
  private copyText(rows: Row[]): string {
    const types = this.fields.map((f) => this.spec.columns[f]);
    const free = types.map((t) => t === 'int' || t === 'float');
    let out = '';
    for (const row of rows) {
      for (let i = 0; i < this.fields.length; i++) {
        const field = row[this.fields[i]];
        const value = field instanceof Date ? field.toISOString() : toDb(types[i], field);
        const text = value === null ? '\\N' : types[i] === 'bool' ? (value ? 't' : 'f') : free[i] ? String(value) : copyEscape(String(value));
        out += i === 0 ? text : `\t${text}`;
      }
      out += '\n';
    }
    return out;
  }

  /** `(pk...) IN (unnest of one typed array per key column)`: one statement for any number of keys. */
  private keyMatch(keys: Array<Partial<Row>>): { where: string; params: unknown[] } {
    const pk = this.spec.primaryKey;
    const arrays = pk.map((k, i) => `$${i + 1}::${SQL_TYPE[this.spec.columns[k]]}[]`);
    const where =
      pk.length === 1
        ? `${snake(pk[0])} = ANY (${arrays[0]})`
        : `(${pk.map(snake).join(', ')}) IN (SELECT * FROM unnest(${arrays.join(', ')}))`;
    return { where, params: pk.map((k) => keys.map((key) => toDb(this.spec.columns[k], key[k]))) };
  }

  private async loadMany(db: SqlRunner, keys: Array<Partial<Row>>): Promise<Map<string, Row>> {
    const { where, params } = this.keyMatch(keys);
    const records: Array<Record<string, unknown>> = await db.query(`SELECT * FROM ${this.spec.table} WHERE ${where}`, params);
    const rows = new Map<string, Row>();
    for (const record of records) {
      const row = this.fromDb(record);
      rows.set(keyString(this.spec, row), row);
    }
    return rows;
  }

  private async deleteMany(db: SqlRunner, keys: Array<Partial<Row>>): Promise<void> {
    const { where, params } = this.keyMatch(keys);
    await db.query(`DELETE FROM ${this.spec.table} WHERE ${where}`, params);
  }

  /** One INSERT ... SELECT FROM unnest(one array per column) ... ON CONFLICT for every row. */
  private async upsertMany(db: SqlRunner, rows: Row[]): Promise<void> {
    const pk = this.spec.primaryKey.map(snake);
    const updates = this.fields.map(snake).filter((c) => !pk.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
    await this.insertMany(db, rows, `ON CONFLICT (${pk.join(', ')}) DO UPDATE SET ${updates.join(', ')} WHERE t.version < EXCLUDED.version`);
  }

  private async insertMany(db: SqlRunner, rows: Row[], onConflict = ''): Promise<void> {
    const cols = this.fields.map(snake);
    const params = this.fields.map((f) => rows.map((row) => toDb(this.spec.columns[f], row[f])));
    const arrays = this.fields.map((f, i) => `$${i + 1}::${SQL_TYPE[this.spec.columns[f]]}[]`);
    await db.query(`INSERT INTO ${this.spec.table} AS t (${cols.join(', ')}) SELECT * FROM unnest(${arrays.join(', ')}) ${onConflict}`, params);
  }

  private fromDb(record: Record<string, unknown>): Row {
    const row: Record<string, unknown> = {};
    for (const f of this.fields) row[f] = fromDb(this.spec.columns[f], record[snake(f)]);
    return row as Row;
  }
}

const SQL_TYPE: Record<ColumnType, string> = {
  text: 'text',
  int: 'int8',
  float: 'float8',
  bool: 'bool',
  timestamptz: 'timestamptz',
  jsonb: 'jsonb',
};

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyEscape(text: string): string {
  return COPY_SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : text;
}

function toDb(type: ColumnType, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (type === 'jsonb') return JSON.stringify(value);
  return value;
}

export function fromDb(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'timestamptz') return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
  if (type === 'int' || type === 'float') return Number(value);
  return value;
}
