import 'reflect-metadata';
import { loadConfigOrExit, runMigrations } from '@iln/platform';
import { cliCommands } from './cli-commands';

/**
 * Operator commands: `migrate`, `seed`, `projections:rebuild [name]`,
 * `follow-ups:reconcile`. Run through `npm run <command>`, which provides the services.
 */
async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const config = loadConfigOrExit(process.env, { auth: false });
  if (command === 'migrate') {
    const ran = await runMigrations(config.databaseUrl);
    process.stdout.write(ran.length ? `migrated: ${ran.join(', ')}\n` : 'migrations: up to date\n');
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
