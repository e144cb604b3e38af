import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RunCaseCommand, type CommandMeta } from '@iln/case-coordination';
import { CaseCommand, Meta, reply, uuidParam } from './command-http';
import { CorrectResidentDto } from './dto/resident.dto';
import { CommandResponse } from './dto/responses.dto';

/** API.md v1.1 "The record, completed": correcting the resident's details. */
@ApiTags('cases: records')
@Controller('api/cases/:id')
export class ResidentController {
  constructor(private readonly bus: CommandBus) {}

  @Post('resident')
  @CaseCommand({
    summary: "Correct the resident's details (at least one field; the case detail, lists and search show the corrected values)",
    command: 'CorrectResidentDetails',
    response: CommandResponse,
  })
  async correct(@Param('id', uuidParam('id')) id: string, @Body() body: CorrectResidentDto, @Meta() meta: CommandMeta) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'CorrectResidentDetails', data: body }, meta)));
  }
}
