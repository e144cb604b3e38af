import type { DataSource } from 'typeorm';
import type { TransactionalDb } from './projection-runner';

/** The runner's database seam over TypeORM: raw SQL on the pool, transactions via EntityManager. */
export function typeOrmDb(ds: DataSource): TransactionalDb {
  return {
    query: (sql, params) => ds.query(sql, params as unknown[]),
    transaction: (work) => ds.transaction((em) => work({ query: (sql, params) => em.query(sql, params as unknown[]) })),
  };
}
