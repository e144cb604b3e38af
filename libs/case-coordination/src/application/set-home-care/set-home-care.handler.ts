import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { teamHoursAllocated } from '../../read-models/case-list/team-hours';
import { ReferenceData } from '../../reference-data/reference-data';
import { UnknownReference } from '../application-errors';
import { CaseCommands } from '../case-commands';
import { SetHomeCareCommand } from './set-home-care.command';

/**
 * Home-care hours come from a Wellbeing Team: they count against that team's capacity.
 * The decider judges the capacity rule; the team's standing comes from the case list read
 * model, so two allocations to one team in the same instant can both pass (the read
 * model is eventually consistent): the capacity is a working limit a reason may exceed,
 * not an invariant of any one case.
 */
@CommandHandler(SetHomeCareCommand)
export class SetHomeCareHandler implements ICommandHandler<SetHomeCareCommand> {
  constructor(
    private readonly cases: CaseCommands,
    private readonly referenceData: ReferenceData,
    private readonly ds: DataSource,
  ) {}

  async execute({ caseId, data, meta }: SetHomeCareCommand) {
    const team = await this.referenceData.team(data.teamId);
    if (!team || team.kind !== 'wellbeing') throw new UnknownReference('teamId', 'Wellbeing Team');
    const standing = team.hoursCapacity === null ? undefined : { hoursCapacity: team.hoursCapacity, hoursAllocated: await teamHoursAllocated(this.ds, team.id) };
    return this.cases.execute(caseId, { type: 'SetHomeCare', data: { ...data, team: standing } }, meta);
  }
}
