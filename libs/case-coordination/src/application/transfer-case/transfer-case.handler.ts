import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ReferenceData } from '../../reference-data/reference-data';
import { UnknownReference } from '../application-errors';
import { CaseCommands } from '../case-commands';
import { TransferCaseCommand } from './transfer-case.command';

/**
 * The case keeps its reference (ILN-GRA-...) after a transfer: the reference names the
 * episode, and residents and colleagues already quote it.
 */
@CommandHandler(TransferCaseCommand)
export class TransferCaseHandler implements ICommandHandler<TransferCaseCommand> {
  constructor(
    private readonly cases: CaseCommands,
    private readonly referenceData: ReferenceData,
  ) {}

  async execute({ caseId, data, meta }: TransferCaseCommand) {
    if (!(await this.referenceData.locality(data.toLocalityId))) throw new UnknownReference('toLocalityId', 'locality');
    return this.cases.execute(caseId, { type: 'TransferCase', data }, meta);
  }
}
