import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ReferenceData } from '../../reference-data/reference-data';
import { UnknownReference } from '../application-errors';
import { CaseCommands } from '../case-commands';
import { ProposeHandoverCommand } from './propose-handover.command';

/** The receiver's team, when named, must exist: it becomes the coordinator's team on accept, and worklists go by it. */
@CommandHandler(ProposeHandoverCommand)
export class ProposeHandoverHandler implements ICommandHandler<ProposeHandoverCommand> {
  constructor(
    private readonly cases: CaseCommands,
    private readonly referenceData: ReferenceData,
  ) {}

  async execute({ caseId, data, meta }: ProposeHandoverCommand) {
    if (data.toTeamId !== undefined && !(await this.referenceData.team(data.toTeamId))) {
      throw new UnknownReference('toTeamId', 'team');
    }
    return this.cases.execute(caseId, { type: 'ProposeHandover', data }, meta);
  }
}
