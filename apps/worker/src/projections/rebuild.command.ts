import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createEventStore } from '@iln/event-store';
import { AppConfig, buildDataSourceOptions } from '@iln/platform';
import { ALL_PROJECTIONS, CASE_STREAM_PREFIXES, CaseKeys, EncryptingEventStore, KeyEncryptionKeys, rebuildProjections, typeOrmDb } from '@iln/case-coordination';

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
  const keks = KeyEncryptionKeys.fromConfig(config);
  const ds = await new DataSource(buildDataSourceOptions({ url: config.databaseUrl, applicationName: 'iln-rebuild', poolSize: 4 })).initialize();
  const pool = new Pool({ connectionString: config.databaseUrl, application_name: 'iln-rebuild-es', max: 4 });
  const keys = new CaseKeys(pool, keks);
  // Read models are built from plain events: decrypted above the adapter, as the worker does.
  const store = new EncryptingEventStore(
    createEventStore({ kind: config.eventStore, pool, connectionString: config.eventStoreConnectionString, streamPrefixes: [...CASE_STREAM_PREFIXES] }),
    keys,
  );
  try {
    // One read of the log for every selected model (rebuildProjections fans each page out).
    const started = Date.now();
    const results = await rebuildProjections(typeOrmDb(ds), store, selected, (p) => {
      if (p.phase !== 'building') process.stdout.write(`${p.projection}: ${p.phase} ${p.events} events\n`);
    });
    for (const r of results) process.stdout.write(`${r.projection}: rebuilt from ${r.events} events in ${r.ms} ms\n`);
    process.stdout.write(`rebuilt ${results.length} read model(s) in ${Date.now() - started} ms\n`);
    // The high-water mark of this process's resident memory (maxRSS is in KiB): the bench reads it.
    process.stdout.write(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`);
  } finally {
    await store.close();
    await keys.close();
    await pool.end();
    await ds.destroy();
  }
}
