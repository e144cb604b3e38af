import { Command } from '@nestjs/cqrs';
import type { SetHomeCare } from '../../domain/commands';
import type { CommandMeta, CommandResult } from '../case-commands';

export class SetHomeCareCommand extends Command<CommandResult> {
  constructor(
    readonly caseId: string,
    readonly data: SetHomeCare['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
