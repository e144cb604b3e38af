import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ReferenceData } from '../../reference-data/reference-data';
import { CaseCommands } from '../case-commands';
import { checkReferences } from './reference-checks';
import { RunCaseCommand } from './run-case-command.command';

// One generic handler for every case command that needs nothing but the decider and, for
// a few, reference data that must exist (the REFERENCE_CHECKS table): a folder each would
// only repeat this. Opening a case (a new stream and reference) and drafting a plan (its
// answer carries the plan version) keep handlers of their own.
@CommandHandler(RunCaseCommand)
export class RunCaseCommandHandler implements ICommandHandler<RunCaseCommand> {
  constructor(
    private readonly cases: CaseCommands,
    private readonly referenceData: ReferenceData,
  ) {}

  async execute({ caseId, command, meta }: RunCaseCommand) {
    await checkReferences(command, this.referenceData);
    return this.cases.execute(caseId, command, meta);
  }
}
