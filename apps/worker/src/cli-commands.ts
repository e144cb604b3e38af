import { AppConfig } from '@iln/platform';
import { rebuildProjectionsCommand } from './projections/rebuild.command';
import { reconcileFollowUps } from './follow-ups/reconcile.cli';

export type CliCommand = (config: AppConfig, args: string[]) => Promise<void>;

// Registered by the features that own them (seed, projections, follow-ups).
export const cliCommands: Record<string, CliCommand> = {
  'follow-ups:reconcile': (config) => reconcileFollowUps(config),
  'projections:rebuild': rebuildProjectionsCommand,
};
