import { Command } from '@nestjs/cqrs';
import type { DraftCarePlan } from '../../domain/commands';
import type { CommandMeta, CommandResult } from '../case-commands';

export interface DraftCarePlanResult extends CommandResult {
  /** The version written, or the current one when the body matched it and nothing was written. */
  planVersion: number;
}

export class DraftCarePlanCommand extends Command<DraftCarePlanResult> {
  constructor(
    readonly caseId: string,
    readonly data: DraftCarePlan['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
