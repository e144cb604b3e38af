import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ReferenceData } from '../../reference-data/reference-data';
import { UnknownReference } from '../application-errors';
import { CaseCommands } from '../case-commands';
import { AllocateCoordinatorCommand } from './allocate-coordinator.command';

/** The coordinator's team, when named, must exist: caseloads are counted per team. */
@CommandHandler(AllocateCoordinatorCommand)
export class AllocateCoordinatorHandler implements ICommandHandler<AllocateCoordinatorCommand> {
  constructor(
    private readonly cases: CaseCommands,
    private readonly referenceData: ReferenceData,
  ) {}

  async execute({ caseId, data, meta }: AllocateCoordinatorCommand) {
    if (data.teamId !== undefined && !(await this.referenceData.team(data.teamId))) {
      throw new UnknownReference('teamId', 'team');
    }
    return this.cases.execute(caseId, { type: 'AllocateCoordinator', data }, meta);
  }
}
