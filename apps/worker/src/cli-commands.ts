import { AppConfig } from '@iln/platform';
import { Pool } from 'pg';
import { CaseKeys, encryptStoredEvents, KeyEncryptionKeys, runSeed } from '@iln/case-coordination';
import { rebuildProjectionsCommand } from './projections/rebuild.command';
import { reconcileFollowUps } from './follow-ups/reconcile.cli';

export type CliCommand = (config: AppConfig, args: string[]) => Promise<void>;

// Registered by the features that own them (seed, projections, follow-ups).
export const cliCommands: Record<string, CliCommand> = {
  'follow-ups:reconcile': (config) => reconcileFollowUps(config),
  'projections:rebuild': rebuildProjectionsCommand,
  // Rewraps every case key under DATA_KEY_ENCRYPTION_KEY (the old key configured as
  // DATA_KEY_ENCRYPTION_KEY_PREVIOUS meanwhile); events are not touched. README "Records management".
  'keys:rotate': async (config) => {
    const keks = KeyEncryptionKeys.fromConfig(config);
    const pool = new Pool({ connectionString: config.databaseUrl, application_name: 'iln-keys-rotate', max: 2 });
    const keys = new CaseKeys(pool, keks);
    try {
      const rewrapped = await keys.rewrapAll();
      process.stdout.write(`keys:rotate: ${rewrapped} case key(s) rewrapped; every key is now under key-encryption key ${keks.currentId}\n`);
    } finally {
      await keys.close();
      await pool.end();
    }
  },
  seed: async (config) => {
    const report = await runSeed(config);
    process.stdout.write(`seed: reference data up to date; ${report.demoCases ? `${report.demoCases} demo cases created` : 'demo cases skipped (cases already exist)'}\n`);
  },
};

/**
 * The last step of `migrate`: case events stored in clear before issue 16 are encrypted in
 * place (PostgreSQL event tables; idempotent). With such events and no
 * DATA_KEY_ENCRYPTION_KEY, migrate fails saying so.
 */
export async function encryptStoredEventsStep(config: AppConfig): Promise<void> {
  if (config.eventStore !== 'postgres') {
    process.stdout.write('stored events: not encrypted in place (EventStoreDB events cannot be rewritten; see README "Records management")\n');
    return;
  }
  const keks = config.dataKeyEncryptionKey ? KeyEncryptionKeys.fromConfig(config) : undefined;
  const pool = new Pool({ connectionString: config.databaseUrl, application_name: 'iln-migrate-encrypt', max: 2 });
  try {
    const report = await encryptStoredEvents(pool, keks);
    if (report.encrypted > 0) process.stdout.write(`stored events: ${report.encrypted} encrypted in place, in ${report.cases} case(s)\n`);
  } finally {
    await pool.end();
  }
}
