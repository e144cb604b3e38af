import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { OpenCaseCommand, RunCaseCommand, type CommandMeta } from '@iln/case-coordination';
import { CaseCommand, Meta, reply, uuidParam } from './command-http';
import { ReasonDto } from './dto/coordination.dto';
import { OpenCaseDto, OpenCaseResponse } from './dto/open-case.dto';
import { CloseCaseDto, CompleteFollowUpDto, TransferDto } from './dto/records.dto';
import { CommandResponse } from './dto/responses.dto';

/** Opening, transferring, closing and reopening a case, and ticking off manual follow-ups. */
@ApiTags('cases')
@Controller('api/cases')
export class CasesController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  @CaseCommand({ summary: 'Open a case', command: 'OpenCase', created: true, response: OpenCaseResponse })
  async open(@Body() body: OpenCaseDto, @Meta() meta: CommandMeta) {
    const result = await this.bus.execute(new OpenCaseCommand(body, meta));
    return reply(result, { reference: result.reference }, `/api/cases/${result.caseId}`);
  }

  @Post(':id/transfer')
  @CaseCommand({ summary: 'Transfer the case to another locality', command: 'TransferCase', response: CommandResponse, conflicts: ['same-locality'] })
  async transfer(@Param('id', uuidParam('id')) id: string, @Body() body: TransferDto, @Meta() meta: CommandMeta) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'TransferCase', data: body }, meta)));
  }

  @Post(':id/close')
  @CaseCommand({
    summary: 'Close the case (cancels pending follow-ups)',
    command: 'CloseCase',
    response: CommandResponse,
    conflicts: ['safeguarding-open', 'inputs-outstanding', 'handover-pending'],
  })
  async close(@Param('id', uuidParam('id')) id: string, @Body() body: CloseCaseDto, @Meta() meta: CommandMeta) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'CloseCase', data: body }, meta)));
  }

  @Post(':id/reopen')
  @CaseCommand({ summary: 'Reopen a closed case', command: 'ReopenCase', response: CommandResponse, conflicts: ['case-not-closed'] })
  async reopen(@Param('id', uuidParam('id')) id: string, @Body() body: ReasonDto, @Meta() meta: CommandMeta) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'ReopenCase', data: body }, meta)));
  }

  @Post(':id/follow-ups/:followUpId/complete')
  @CaseCommand({
    summary: 'Complete a follow-up by hand (welfare checks, 91-day checks), with what the check found (400 without it)',
    command: 'CompleteFollowUp',
    response: CommandResponse,
    conflicts: ['follow-up-not-found (404)', 'follow-up-not-open', 'follow-up-not-manual'],
  })
  async completeFollowUp(
    @Param('id', uuidParam('id')) id: string,
    @Param('followUpId', uuidParam('followUpId')) followUpId: string,
    @Body() body: CompleteFollowUpDto,
    @Meta() meta: CommandMeta,
  ) {
    const data = { followUpId, note: body.note, ...(body.outcome ? { outcome: body.outcome } : {}) };
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'CompleteFollowUp', data }, meta)));
  }
}
