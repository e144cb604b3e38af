import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RunCaseCommand, type CommandMeta } from '@iln/case-coordination';
import { CaseCommand, Meta, produced, reply, uuidParam } from './command-http';
import { ReasonDto } from './dto/coordination.dto';
import { CommandResponse, InputResponse } from './dto/responses.dto';
import { AcceptInputDto, DeliverInputDto, RequestSpecialistInputDto } from './dto/specialist-input.dto';

const TRANSITION = ['input-not-found (404)', 'invalid-input-transition'];

/** Brokered specialist input: requested → accepted → delivered, or declined, or withdrawn. */
@ApiTags('cases: specialist input')
@Controller('api/cases/:id/specialist-inputs')
export class SpecialistInputsController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  @CaseCommand({ summary: 'Request specialist input (respondBy from the policy in force)', command: 'RequestSpecialistInput', created: true, response: InputResponse })
  async request(@Param('id', uuidParam('id')) id: string, @Body() body: RequestSpecialistInputDto, @Meta() meta: CommandMeta) {
    const result = await this.bus.execute(new RunCaseCommand(id, { type: 'RequestSpecialistInput', data: body }, meta));
    const { inputId, respondBy } = produced(result, 'SpecialistInputRequested');
    return reply(result, { inputId, respondBy }, `/api/cases/${id}/specialist-inputs/${inputId}`);
  }

  @Post(':inputId/accept')
  @CaseCommand({ summary: 'Accept the request', command: 'AcceptSpecialistInput', response: CommandResponse, conflicts: TRANSITION })
  async accept(
    @Param('id', uuidParam('id')) id: string,
    @Param('inputId', uuidParam('inputId')) inputId: string,
    @Body() body: AcceptInputDto,
    @Meta() meta: CommandMeta,
  ) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'AcceptSpecialistInput', data: { inputId, byName: body.byName } }, meta)));
  }

  @Post(':inputId/decline')
  @CaseCommand({ summary: 'Decline the request, with a reason', command: 'DeclineSpecialistInput', response: CommandResponse, conflicts: TRANSITION })
  async decline(
    @Param('id', uuidParam('id')) id: string,
    @Param('inputId', uuidParam('inputId')) inputId: string,
    @Body() body: ReasonDto,
    @Meta() meta: CommandMeta,
  ) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'DeclineSpecialistInput', data: { inputId, reason: body.reason } }, meta)));
  }

  @Post(':inputId/deliver')
  @CaseCommand({ summary: 'Record what the input added to the plan (only after accept)', command: 'DeliverSpecialistInput', response: CommandResponse, conflicts: TRANSITION })
  async deliver(
    @Param('id', uuidParam('id')) id: string,
    @Param('inputId', uuidParam('inputId')) inputId: string,
    @Body() body: DeliverInputDto,
    @Meta() meta: CommandMeta,
  ) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'DeliverSpecialistInput', data: { inputId, summary: body.summary } }, meta)));
  }

  @Post(':inputId/withdraw')
  @CaseCommand({ summary: 'Withdraw a requested or accepted input', command: 'WithdrawSpecialistInput', response: CommandResponse, conflicts: TRANSITION })
  async withdraw(
    @Param('id', uuidParam('id')) id: string,
    @Param('inputId', uuidParam('inputId')) inputId: string,
    @Body() body: ReasonDto,
    @Meta() meta: CommandMeta,
  ) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'WithdrawSpecialistInput', data: { inputId, reason: body.reason } }, meta)));
  }
}
