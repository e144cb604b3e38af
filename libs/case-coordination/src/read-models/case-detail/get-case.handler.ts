import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@iln/event-store';
import { ReadDataSource } from '@iln/platform';
import { accessFactsOf, CaseReadPolicy } from '../case-read.policy';
import { CaseNotVisible } from '../read-errors';
import { caseStreamId } from '../../case-stream';
import { caseView } from './case-view';
import { GetCase, type GetCaseResult } from './get-case.query';
import { visibleCase } from './visible-case';

@QueryHandler(GetCase)
export class GetCaseHandler implements IQueryHandler<GetCase> {
  constructor(
    private readonly ds: ReadDataSource,
    private readonly store: EventStore,
    private readonly policy: CaseReadPolicy,
  ) {}

  async execute({ principal: p, caseId, asAt }: GetCase): Promise<GetCaseResult> {
    const view = await visibleCase(this.ds, this.policy, p, caseId);
    if (asAt) {
      // Who may see it, and what of it, is decided by the case as it stands now (API.md
      // v1.1): a partner removed since, or a former coordinator, reads nothing they could not read today.
      // The past is folded from the stream with the projection's own code, not from a read model.
      const { events } = await this.store.readStream(caseStreamId(caseId), {
        recordedUpTo: new Date(asAt),
      });
      const past = caseView(events);
      if (!past) throw new CaseNotVisible();
      return { case: this.policy.redactCase(p, past, accessFactsOf(view)), currentVersion: null };
    }
    return { case: this.policy.redactCase(p, view), currentVersion: view.version };
  }
}
