import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { loadConfigOrExit, runMigrations } from '@iln/platform';
import { cliCommands, encryptStoredEventsStep } from './cli-commands';

/**
 * Operator commands: `migrate`, `seed`, `projections:rebuild [name]`,
 * `follow-ups:reconcile`. Run through `npm run <command>`, which provides the services.
 */
// Commands that change the schema or write what the runtime role may only read
// (reference data) connect as the owner: MIGRATION_DATABASE_URL, else DATABASE_URL.
const OWNER_COMMANDS = new Set(['migrate', 'seed', 'projections:rebuild']);

/**
 * The rebuild lets V8's old space grow by at most 100% between full collections (V8's own
 * factor is up to 4×): its live set stays near 60-95 MiB whatever the log's size, so
 * with this its peak RSS stays flat as the log grows, for 10-18% more CPU in the one
 * process that is the rebuild's ceiling (README Performance, "Memory"). Read by V8 at each
 * full collection, so setting it here, before the work, is enough; the other processes
 * keep V8's default.
 */
const REBUILD_HEAP_FLAG = '--heap-growing-percent=100';

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const loaded = loadConfigOrExit(process.env, { auth: false });
  const config = command && OWNER_COMMANDS.has(command) ? { ...loaded, databaseUrl: loaded.migrationDatabaseUrl } : loaded;
  if (command === 'migrate') {
    const ran = await runMigrations(config.databaseUrl, { appRole: config.databaseAppRole });
    process.stdout.write(ran.length ? `migrated: ${ran.join(', ')}\n` : 'migrations: up to date\n');
    if (config.databaseAppRole) process.stdout.write(`runtime role ${config.databaseAppRole}: privileges granted\n`);
    await encryptStoredEventsStep(config);
    return;
  }
  if (command === 'projections:rebuild') setFlagsFromString(REBUILD_HEAP_FLAG);
  const handler = command ? cliCommands[command] : undefined;
  if (!handler) {
    process.stderr.write(`unknown command "${command ?? ''}"; expected one of: migrate, ${Object.keys(cliCommands).join(', ')}\n`);
    process.exit(2);
  }
  await handler(config, args);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
