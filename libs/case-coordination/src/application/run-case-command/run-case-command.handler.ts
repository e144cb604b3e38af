import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseCommands } from '../case-commands';
import { RunCaseCommand } from './run-case-command.command';

// One generic handler rather than twenty-odd identical ones: for these commands the
// application adds nothing to the decider, so a folder each would only repeat this.
@CommandHandler(RunCaseCommand)
export class RunCaseCommandHandler implements ICommandHandler<RunCaseCommand> {
  constructor(private readonly cases: CaseCommands) {}

  execute({ caseId, command, meta }: RunCaseCommand) {
    return this.cases.execute(caseId, command, meta);
  }
}
