import { Command } from '@nestjs/cqrs';
import type { OpenCase } from '../../domain/commands';
import type { CommandMeta, CommandResult } from '../case-commands';

export type OpenCaseResult = CommandResult & { reference: string };

/** Opening a case: the server chooses the case id and the human reference. */
export class OpenCaseCommand extends Command<OpenCaseResult> {
  constructor(
    readonly data: Omit<OpenCase['data'], 'caseId' | 'reference'>,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
