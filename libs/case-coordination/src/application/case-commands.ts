import type { Principal } from '../access/principal';
import type { CaseCommand } from '../domain/commands';
import type { CaseEvent } from '../domain/events';

export interface CommandMeta {
  actor: Principal;
  /** From If-Match: the version the caller last saw; a mismatch is a 412, nothing written. */
  expectedVersion?: number;
  correlationId: string;
  causationId?: string | null;
  /**
   * From the request's Idempotency-Key (with the caller and the request itself): event
   * ids (and an opened case's id) are derived from it, so a retry of a command whose
   * events are already in the log is answered from them and writes nothing.
   */
  idempotencyToken?: string;
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
