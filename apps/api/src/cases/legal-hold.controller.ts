import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RunCaseCommand, type CommandMeta } from '@iln/case-coordination';
import { CaseCommand, Meta, reply, uuidParam } from './command-http';
import { ReasonDto } from './dto/coordination.dto';
import { CommandResponse } from './dto/responses.dto';

/**
 * API.md "Records management" (issue 16): a held case is never disposed of. Records
 * officers only, on any case; open or closed alike. Audited like every case command.
 */
@ApiTags('records management')
@Controller('api/cases/:id/legal-hold')
export class LegalHoldController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  @CaseCommand({
    summary: 'Place the case under a legal hold (retention never disposes of a held case)',
    command: 'PlaceLegalHold',
    response: CommandResponse,
    conflicts: ['legal-hold-exists'],
  })
  async place(@Param('id', uuidParam('id')) id: string, @Body() body: ReasonDto, @Meta() meta: CommandMeta) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'PlaceLegalHold', data: { reason: body.reason } }, meta)));
  }

  @Post('lift')
  @CaseCommand({
    summary: 'Lift the legal hold (the case falls under retention again)',
    command: 'LiftLegalHold',
    response: CommandResponse,
    conflicts: ['no-legal-hold'],
  })
  async lift(@Param('id', uuidParam('id')) id: string, @Body() body: ReasonDto, @Meta() meta: CommandMeta) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'LiftLegalHold', data: { reason: body.reason } }, meta)));
  }
}
