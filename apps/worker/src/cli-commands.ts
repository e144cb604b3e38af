import { AppConfig } from '@iln/platform';

export type CliCommand = (config: AppConfig, args: string[]) => Promise<void>;

// Registered by the features that own them (seed, projections, follow-ups).
export const cliCommands: Record<string, CliCommand> = {};
