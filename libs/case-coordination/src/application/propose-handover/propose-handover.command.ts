import { Command } from '@nestjs/cqrs';
import type { ProposeHandover } from '../../domain/commands';
import type { CommandMeta, CommandResult } from '../case-commands';

export class ProposeHandoverCommand extends Command<CommandResult> {
  constructor(
    readonly caseId: string,
    readonly data: ProposeHandover['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
