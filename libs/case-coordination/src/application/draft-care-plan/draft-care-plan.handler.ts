import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '@iln/event-store';
import { caseStreamId, toCaseEvent } from '../../case-stream';
import { CaseCommands } from '../case-commands';
import { DraftCarePlanCommand, type DraftCarePlanResult } from './draft-care-plan.command';

/**
 * A plan sent unchanged writes nothing (the decider says so); the caller is still told
 * which version it has, read from the stream at the version the command saw.
 */
@CommandHandler(DraftCarePlanCommand)
export class DraftCarePlanHandler implements ICommandHandler<DraftCarePlanCommand> {
  constructor(
    private readonly cases: CaseCommands,
    private readonly store: EventStore,
  ) {}

  async execute({ caseId, data, meta }: DraftCarePlanCommand): Promise<DraftCarePlanResult> {
    const result = await this.cases.execute(caseId, { type: 'DraftCarePlan', data }, meta);
    const written = result.events.find((e) => e.type === 'CarePlanDrafted');
    if (written?.type === 'CarePlanDrafted')
      return { ...result, planVersion: written.data.planVersion };
    return { ...result, planVersion: await this.planVersionAt(caseId, result.version) };
  }

  private async planVersionAt(caseId: string, version: number): Promise<number> {
    const { events } = await this.store.readStream(caseStreamId(caseId));
    let planVersion = 0;
    for (const recorded of events.slice(0, version)) {
      const event = toCaseEvent(recorded);
      if (event.type === 'CarePlanDrafted') planVersion = event.data.planVersion;
    }
    return planVersion;
  }
}
