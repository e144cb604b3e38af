import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource, EntityManager } from 'typeorm';
import type { TransactionalDb } from './projection-runner';

/** The runner's database seam over TypeORM: raw SQL on the pool, transactions via EntityManager. */
export function typeOrmDb(ds: DataSource): TransactionalDb {
  return {
    query: (sql, params) => ds.query(sql, params as unknown[]),
    transaction: (work) =>
      ds.transaction((em) =>
        work({
          query: (sql, params) => em.query(sql, params as unknown[]),
          copyFrom: (sql, text) => copyInTransaction(em, sql, text),
        }),
      ),
  };
}

/** COPY FROM STDIN on the transaction's own connection (the pg client under TypeORM's query runner). */
async function copyInTransaction(em: EntityManager, sql: string, text: string): Promise<void> {
  const client = (await em.queryRunner!.connect()) as PoolClient;
  await pipeline(Readable.from([Buffer.from(text)]), client.query(copyFrom(sql)));
}
