import { AppConfig } from '@iln/platform';
import { runSeed } from '@iln/case-coordination';
import { rebuildProjectionsCommand } from './projections/rebuild.command';
import { reconcileFollowUps } from './follow-ups/reconcile.cli';

export type CliCommand = (config: AppConfig, args: string[]) => Promise<void>;

// Registered by the features that own them (seed, projections, follow-ups).
export const cliCommands: Record<string, CliCommand> = {
  'follow-ups:reconcile': (config) => reconcileFollowUps(config),
  'projections:rebuild': rebuildProjectionsCommand,
  seed: async (config) => {
    const report = await runSeed(config);
    process.stdout.write(`seed: reference data up to date; ${report.demoCases ? `${report.demoCases} demo cases created` : 'demo cases skipped (cases already exist)'}\n`);
  },
};
