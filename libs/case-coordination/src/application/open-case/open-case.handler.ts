import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ReferenceData } from '../../reference-data/reference-data';
import { UnknownReference } from '../application-errors';
import { CaseAccessPolicy } from '../case-access.policy';
import { CaseCommands } from '../case-commands';
import { idempotentCaseId } from '../idempotent-ids';
import { CaseReferenceAllocator } from './case-reference.allocator';
import { OpenCaseCommand, type OpenCaseResult } from './open-case.command';

@CommandHandler(OpenCaseCommand)
export class OpenCaseHandler implements ICommandHandler<OpenCaseCommand> {
  private readonly access = new CaseAccessPolicy();

  constructor(
    private readonly cases: CaseCommands,
    private readonly referenceData: ReferenceData,
    private readonly references: CaseReferenceAllocator,
  ) {}

  async execute({ data, meta }: OpenCaseCommand): Promise<OpenCaseResult> {
    const locality = await this.referenceData.locality(data.localityId);
    if (!locality) throw new UnknownReference('localityId', 'locality');
    // Checked before a number is reserved, so a refused opening costs no reference.
    this.access.assertMayOpenIn(meta.actor, locality.id);
    // With an Idempotency-Key the case id is derived from it: a retry opens no second case.
    const caseId = meta.idempotencyToken === undefined ? randomUUID() : idempotentCaseId(meta.idempotencyToken);
    return this.references.withReference(locality, caseId, async (reference) => {
      const result = await this.cases.execute(caseId, { type: 'OpenCase', data: { ...data, caseId, reference } }, meta);
      return { ...result, reference };
    });
  }
}
