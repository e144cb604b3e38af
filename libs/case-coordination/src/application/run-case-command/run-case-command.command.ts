import { Command } from '@nestjs/cqrs';
import type { CaseCommand } from '../../domain/commands';
import type { CommandMeta, CommandResult } from '../case-commands';

/** Any case command whose only rules are the decider's: no reference data to check. */
export class RunCaseCommand extends Command<CommandResult> {
  constructor(
    readonly caseId: string,
    readonly command: CaseCommand,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
