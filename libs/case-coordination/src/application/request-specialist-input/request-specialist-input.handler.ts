import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ReferenceData } from '../../reference-data/reference-data';
import { UnknownReference } from '../application-errors';
import { CaseCommands } from '../case-commands';
import { RequestSpecialistInputCommand } from './request-specialist-input.command';

/** Input is brokered only from a service the network knows (its worklist must exist). */
@CommandHandler(RequestSpecialistInputCommand)
export class RequestSpecialistInputHandler implements ICommandHandler<RequestSpecialistInputCommand> {
  constructor(
    private readonly cases: CaseCommands,
    private readonly referenceData: ReferenceData,
  ) {}

  async execute({ caseId, data, meta }: RequestSpecialistInputCommand) {
    if (!(await this.referenceData.specialistService(data.serviceId))) {
      throw new UnknownReference('serviceId', 'specialist service');
    }
    return this.cases.execute(caseId, { type: 'RequestSpecialistInput', data }, meta);
  }
}
