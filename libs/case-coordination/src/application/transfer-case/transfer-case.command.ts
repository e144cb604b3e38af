import { Command } from '@nestjs/cqrs';
import type { TransferCase } from '../../domain/commands';
import type { CommandMeta, CommandResult } from '../case-commands';

export class TransferCaseCommand extends Command<CommandResult> {
  constructor(
    readonly caseId: string,
    readonly data: TransferCase['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
