import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createEventStore } from '@iln/event-store';
import { AppConfig, buildDataSourceOptions, STREAM_PREFIXES } from '@iln/platform';
import { ALL_PROJECTIONS, rebuildProjection, typeOrmDb } from '@iln/case-coordination';

/**
 * `npm run projections:rebuild [name]`: rebuilds one or every read model from the event
 * log into shadow tables and swaps them in, while the API keeps serving the old ones.
 */
export async function rebuildProjectionsCommand(config: AppConfig, args: string[]): Promise<void> {
  const [name] = args;
  const selected = name ? ALL_PROJECTIONS.filter((p) => p.name === name) : ALL_PROJECTIONS;
  if (selected.length === 0) {
    throw new Error(`unknown projection "${name}"; expected one of: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`);
  }
  const ds = await new DataSource(buildDataSourceOptions({ url: config.databaseUrl, applicationName: 'iln-rebuild', poolSize: 4 })).initialize();
  const pool = new Pool({ connectionString: config.databaseUrl, application_name: 'iln-rebuild-es', max: 4 });
  const store = createEventStore({ kind: config.eventStore, pool, connectionString: config.eventStoreConnectionString, streamPrefixes: STREAM_PREFIXES });
  try {
    for (const projection of selected) {
      const started = Date.now();
      const result = await rebuildProjection(typeOrmDb(ds), store, projection, (p) => {
        process.stdout.write(`${p.projection}: ${p.phase} ${p.events} events\n`);
      });
      process.stdout.write(`${projection.name}: rebuilt from ${result.events} events in ${Date.now() - started} ms\n`);
    }
  } finally {
    await store.close();
    await pool.end();
    await ds.destroy();
  }
}
