import { Command } from '@nestjs/cqrs';
import type { AllocateCoordinator } from '../../domain/commands';
import type { CommandMeta, CommandResult } from '../case-commands';

export class AllocateCoordinatorCommand extends Command<CommandResult> {
  constructor(
    readonly caseId: string,
    readonly data: AllocateCoordinator['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
