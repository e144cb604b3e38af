import 'reflect-metadata';
import { loadConfigOrExit, runMigrations } from '@iln/platform';
import { cliCommands, encryptStoredEventsStep } from './cli-commands';

/**
 * Operator commands: `migrate`, `seed`, `projections:rebuild [name]`,
 * `follow-ups:reconcile`. Run through `npm run <command>`, which provides the services.
 */
// Commands that change the schema or write what the runtime role may only read
// (reference data) connect as the owner: MIGRATION_DATABASE_URL, else DATABASE_URL.
const OWNER_COMMANDS = new Set(['migrate', 'seed', 'projections:rebuild']);

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
