import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { CaseDisposal, RunCaseCommand, type CommandMeta, type CommandResult } from '@iln/case-coordination';
import { CaseCommand, Meta, produced, reply, uuidParam } from './command-http';
import { ReasonDto } from './dto/coordination.dto';
import { CommandResponse } from './dto/responses.dto';

export class ErasureResponse extends CommandResponse {
  @ApiProperty({ format: 'date-time', description: 'when the personal data was destroyed; the case answers 410 case-erased from now on' }) erasedAt!: string;
}

/**
 * API.md "Records management" (issue 16): a record made in error loses its personal data
 * at once. Records officers only, on any case, open or closed; 409 `legal-hold` while
 * held. The CaseErased event is appended first (so the decision is in the log, with its
 * Idempotency-Key), then the case is disposed of (CaseDisposal): the key destroyed,
 * idempotency records deleted. If the process dies in between, the worker finishes it.
 */
@ApiTags('records management')
@Controller('api/cases/:id/erase')
export class EraseController {
  constructor(
    private readonly bus: CommandBus,
    private readonly disposal: CaseDisposal,
  ) {}

  @Post()
  @CaseCommand({
    summary: "Erase the case: its personal data is destroyed at once (events' personal fields, read models, idempotency records, queue jobs)",
    command: 'EraseCase',
    response: ErasureResponse,
    conflicts: ['legal-hold'],
  })
  async erase(@Param('id', uuidParam('id')) id: string, @Body() body: ReasonDto, @Meta() meta: CommandMeta) {
    const result: CommandResult = await this.bus.execute(new RunCaseCommand(id, { type: 'EraseCase', data: { reason: body.reason } }, meta));
    const { erasedAt, localityId } = produced(result, 'CaseErased');
    await this.disposal.dispose(id, erasedAt, localityId);
    return reply(result, { erasedAt });
  }
}
