import { DataSource, DataSourceOptions } from 'typeorm';
import { grantAppRole } from './app-role';
import { migrations } from './migrations';

export interface DataSourceConfig {
  url: string;
  entities?: DataSourceOptions['entities'];
  poolSize?: number;
  applicationName?: string;
}

export function buildDataSourceOptions(config: DataSourceConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.url,
    entities: config.entities ?? [],
    migrations,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    poolSize: config.poolSize ?? 10,
    applicationName: config.applicationName ?? 'iln',
    extra: {
      // A session left idle inside a transaction holds back every event-store reader
      // (they read only below the oldest open transaction), so the service never allows one.
      options: '-c idle_in_transaction_session_timeout=30000 -c statement_timeout=60000',
    },
  };
}

/**
 * Runs the pending migrations as `url`'s role (the owner). With `appRole`
 * (DATABASE_APP_ROLE), then grants that role exactly what the API and worker need
 * (app-role.ts), every time, so a role configured later or a new table is covered.
 */
export async function runMigrations(url: string, options: { appRole?: string } = {}): Promise<string[]> {
  const ds = new DataSource(buildDataSourceOptions({ url, poolSize: 1, applicationName: 'iln-migrate' }));
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    const { appRole } = options;
    if (appRole) await ds.transaction((tx) => grantAppRole(tx, appRole));
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
