import { Command } from '@nestjs/cqrs';
import type { CaseCommand } from '../../domain/commands';
import type { CommandMeta, CommandResult } from '../case-commands';

/** Any case command but opening a case and drafting a plan; reference data it names is checked first (REFERENCE_CHECKS). */
export class RunCaseCommand extends Command<CommandResult> {
  constructor(
    readonly caseId: string,
    readonly command: CaseCommand,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
