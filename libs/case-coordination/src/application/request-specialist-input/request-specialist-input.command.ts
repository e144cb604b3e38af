import { Command } from '@nestjs/cqrs';
import type { RequestSpecialistInput } from '../../domain/commands';
import type { CommandMeta, CommandResult } from '../case-commands';

export class RequestSpecialistInputCommand extends Command<CommandResult> {
  constructor(
    readonly caseId: string,
    readonly data: RequestSpecialistInput['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
