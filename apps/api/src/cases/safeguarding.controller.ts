import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RunCaseCommand, type CommandMeta } from '@iln/case-coordination';
import { CaseCommand, Meta, produced, reply, uuidParam } from './command-http';
import { ReasonDto } from './dto/coordination.dto';
import { CommandResponse, ConcernResponse, FlagReviewResponse } from './dto/responses.dto';
import { ConcludeEnquiryDto, DecideConcernDto, FlagReviewDto, RaiseConcernDto } from './dto/safeguarding.dto';

/** Concern → decision (safeguarding lead) → enquiry → conclusion; the flag and its reviews. */
@ApiTags('cases: safeguarding')
@Controller('api/cases/:id')
export class SafeguardingController {
  constructor(private readonly bus: CommandBus) {}

  @Post('safeguarding-concerns')
  @CaseCommand({ summary: 'Raise a safeguarding concern (raises the flag)', command: 'RaiseSafeguardingConcern', created: true, response: ConcernResponse })
  async raise(@Param('id', uuidParam('id')) id: string, @Body() body: RaiseConcernDto, @Meta() meta: CommandMeta) {
    const result = await this.bus.execute(new RunCaseCommand(id, { type: 'RaiseSafeguardingConcern', data: body }, meta));
    const { concernId, decisionDueBy } = produced(result, 'SafeguardingConcernRaised');
    return reply(result, { concernId, decisionDueBy }, `/api/cases/${id}/safeguarding-concerns/${concernId}`);
  }

  @Post('safeguarding-concerns/:concernId/decision')
  @CaseCommand({
    summary: 'Decide whether a section 42 enquiry is needed',
    command: 'DecideSafeguardingConcern',
    response: CommandResponse,
    conflicts: ['not-safeguarding-lead', 'concern-not-found (404)', 'concern-already-decided'],
  })
  async decide(
    @Param('id', uuidParam('id')) id: string,
    @Param('concernId', uuidParam('concernId')) concernId: string,
    @Body() body: DecideConcernDto,
    @Meta() meta: CommandMeta,
  ) {
    const command = { type: 'DecideSafeguardingConcern' as const, data: { concernId, section42: body.section42, rationale: body.rationale } };
    return reply(await this.bus.execute(new RunCaseCommand(id, command, meta)));
  }

  @Post('safeguarding-concerns/:concernId/conclusion')
  @CaseCommand({
    summary: 'Conclude a section 42 enquiry with Making Safeguarding Personal outcomes',
    command: 'ConcludeSafeguardingEnquiry',
    response: CommandResponse,
    conflicts: ['not-safeguarding-lead', 'concern-not-found (404)', 'no-open-enquiry', 'outcomes-met-required'],
  })
  async conclude(
    @Param('id', uuidParam('id')) id: string,
    @Param('concernId', uuidParam('concernId')) concernId: string,
    @Body() body: ConcludeEnquiryDto,
    @Meta() meta: CommandMeta,
  ) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'ConcludeSafeguardingEnquiry', data: { concernId, ...body } }, meta)));
  }

  @Post('safeguarding-flag/review')
  @CaseCommand({ summary: 'Review the safeguarding flag (schedules the next review)', command: 'ReviewSafeguardingFlag', response: FlagReviewResponse, conflicts: ['no-safeguarding-flag'] })
  async reviewFlag(@Param('id', uuidParam('id')) id: string, @Body() body: FlagReviewDto, @Meta() meta: CommandMeta) {
    const result = await this.bus.execute(new RunCaseCommand(id, { type: 'ReviewSafeguardingFlag', data: body }, meta));
    return reply(result, { nextReviewDue: produced(result, 'SafeguardingFlagReviewed').nextReviewDue });
  }

  @Post('safeguarding-flag/lift')
  @CaseCommand({ summary: 'Lift the safeguarding flag', command: 'LiftSafeguardingFlag', response: CommandResponse, conflicts: ['safeguarding-open', 'no-safeguarding-flag'] })
  async liftFlag(@Param('id', uuidParam('id')) id: string, @Body() body: ReasonDto, @Meta() meta: CommandMeta) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'LiftSafeguardingFlag', data: body }, meta)));
  }
}
