import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ReferenceData } from '../../reference-data/reference-data';
import { UnknownReference } from '../application-errors';
import { CaseCommands } from '../case-commands';
import { SetHomeCareCommand } from './set-home-care.command';

/** Home-care hours come from a Wellbeing Team: they count against that team's capacity. */
@CommandHandler(SetHomeCareCommand)
export class SetHomeCareHandler implements ICommandHandler<SetHomeCareCommand> {
  constructor(
    private readonly cases: CaseCommands,
    private readonly referenceData: ReferenceData,
  ) {}

  async execute({ caseId, data, meta }: SetHomeCareCommand) {
    const team = await this.referenceData.team(data.teamId);
    if (!team || team.kind !== 'wellbeing') throw new UnknownReference('teamId', 'Wellbeing Team');
    return this.cases.execute(caseId, { type: 'SetHomeCare', data }, meta);
  }
}
