import type { RecordedEvent } from '@iln/event-store';
import type { CaseEvent } from '../domain/events';
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
    const e = asCaseEvent(recorded);
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
  private readonly fields: Array<keyof Row & string>;

  constructor(readonly spec: RowProjectionSpec<Row>) {
    this.name = spec.name;
    this.tables = [spec.table];
    this.fields = Object.keys(spec.columns) as Array<keyof Row & string>;
  }

  async applyBatch(db: SqlRunner, events: readonly RecordedEvent[]): Promise<void> {
    // Rows touched by the batch are loaded once and written once, not per event.
    const cache = new Map<string, { row: Row | null; dirty: boolean; existed: boolean }>();
    for (const recorded of events) {
      const e = asCaseEvent(recorded);
      if (!e) continue;
      for (const key of this.spec.keys(e)) {
        const k = keyString(this.spec, key);
        let entry = cache.get(k);
        if (!entry) {
          const row = await this.load(db, key);
          entry = { row, dirty: false, existed: row !== null };
          cache.set(k, entry);
        }
        // Idempotence: the row already reflects this event (a replay after a rebuild swap).
        if (entry.row && entry.row.version >= recorded.version) continue;
        entry.row = this.spec.evolve(entry.row, e);
        entry.dirty = true;
        if (entry.row === null) {
          // Deleting needs the key, which the cache entry no longer has.
          await this.delete(db, key);
          entry.dirty = false;
          entry.existed = false;
        }
      }
    }
    for (const entry of cache.values()) {
      if (entry.dirty && entry.row) await this.upsert(db, entry.row);
    }
  }

  private async load(db: SqlRunner, key: Partial<Row>): Promise<Row | null> {
    const where = this.spec.primaryKey.map((k, i) => `${snake(k)} = $${i + 1}`).join(' AND ');
    const rows: Array<Record<string, unknown>> = await db.query(
      `SELECT * FROM ${this.spec.table} WHERE ${where}`,
      this.spec.primaryKey.map((k) => key[k]),
    );
    return rows.length === 0 ? null : this.fromDb(rows[0]);
  }

  private async delete(db: SqlRunner, key: Partial<Row>): Promise<void> {
    const where = this.spec.primaryKey.map((k, i) => `${snake(k)} = $${i + 1}`).join(' AND ');
    await db.query(`DELETE FROM ${this.spec.table} WHERE ${where}`, this.spec.primaryKey.map((k) => key[k]));
  }

  private async upsert(db: SqlRunner, row: Row): Promise<void> {
    const cols = this.fields.map(snake);
    const params = this.fields.map((f) => toDb(this.spec.columns[f], row[f]));
    const placeholders = this.fields.map((f, i) => `$${i + 1}${this.spec.columns[f] === 'jsonb' ? '::jsonb' : ''}`);
    const pk = this.spec.primaryKey.map(snake);
    const updates = cols.filter((c) => !pk.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
    await db.query(
      `INSERT INTO ${this.spec.table} AS t (${cols.join(', ')}) VALUES (${placeholders.join(', ')})
       ON CONFLICT (${pk.join(', ')}) DO UPDATE SET ${updates.join(', ')} WHERE t.version < EXCLUDED.version`,
      params,
    );
  }

  private fromDb(record: Record<string, unknown>): Row {
    const row: Record<string, unknown> = {};
    for (const f of this.fields) row[f] = fromDb(this.spec.columns[f], record[snake(f)]);
    return row as Row;
  }
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
