import type { Principal } from '../access/principal';
import type { CaseCommand } from '../domain/commands';
import type { CaseEvent } from '../domain/events';

export interface CommandMeta {
  actor: Principal;
  /** From If-Match: the version the caller last saw; a mismatch is a 412, nothing written. */
  expectedVersion?: number;
  correlationId: string;
  causationId?: string | null;
}

export interface CommandResult {
  caseId: string;
  /** Events in the case stream after the command (API.md "version"). */
  version: number;
  /** Event-Position of the last event written; null when the command wrote nothing. */
  position: string | null;
  events: CaseEvent[];
}

/**
 * Runs one command against one case: read the stream, fold, decide, append with the
 * expected version. Used by the HTTP controllers and by the follow-up processor.
 */
export abstract class CaseCommands {
  abstract execute(caseId: string, command: CaseCommand, meta: CommandMeta): Promise<CommandResult>;
}
