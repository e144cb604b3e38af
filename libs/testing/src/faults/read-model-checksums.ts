import type { Pool } from 'pg';

export interface TableChecksum {
  rows: number;
  md5: string;
}

/**
 * One checksum per read-model table over every column of every row, ordered by the
 * row's own text so two tables with the same rows agree whatever their physical order.
 * The read-model rows hold no clock time of their own (times come from the events), so
 * whole rows are compared.
 */
export async function readModelChecksums(pool: Pool, tables: readonly string[]): Promise<Record<string, TableChecksum>> {
  const out: Record<string, TableChecksum> = {};
  for (const table of tables) {
    if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a table name: ${table}`);
    const { rows } = await pool.query<{ n: string; md5: string }>(
      `SELECT count(*) AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM ${table} t`,
    );
    out[table] = { rows: Number(rows[0].n), md5: rows[0].md5 };
  }
  return out;
}
