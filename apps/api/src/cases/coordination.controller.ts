import { Body, Controller, Delete, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RunCaseCommand, type CommandMeta } from '@iln/case-coordination';
import { CaseCommand, Meta, produced, reply, slugParam, uuidParam } from './command-http';
import { AddCareTeamMemberDto, AllocateCoordinatorDto, ProposeHandoverDto, ReasonDto } from './dto/coordination.dto';
import { validationProblem } from '../http/validation';
import { CommandResponse, HandoverResponse, MemberResponse } from './dto/responses.dto';

/** `{}` (API.md): a body with fields is refused like any unknown field. */
function assertEmpty(body: Record<string, unknown> | undefined): void {
  const keys = body && typeof body === 'object' ? Object.keys(body) : [];
  if (keys.length > 0) throw validationProblem(keys.map((field) => ({ field, message: `property ${field} should not exist` })));
}

/** The named coordinator, hand-overs between coordinators, and the care team. */
@ApiTags('cases: coordination')
@Controller('api/cases/:id')
export class CoordinationController {
  constructor(private readonly bus: CommandBus) {}

  @Post('coordinator')
  @CaseCommand({
    summary:
      'Allocate the first coordinator (a team manager, or a practitioner taking the case themselves); after a transfer, a team manager of the receiving locality replaces the coordinator',
    command: 'AllocateCoordinator',
    response: CommandResponse,
    conflicts: ['coordinator-already-assigned'],
  })
  async allocate(@Param('id', uuidParam('id')) id: string, @Body() body: AllocateCoordinatorDto, @Meta() meta: CommandMeta) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'AllocateCoordinator', data: body }, meta)));
  }

  @Post('handovers')
  @CaseCommand({
    summary: "Propose a hand-over to another coordinator (toTeamId: the coordinator's team once accepted)",
    command: 'ProposeHandover',
    created: true,
    response: HandoverResponse,
    conflicts: ['no-coordinator', 'not-coordinator', 'handover-pending', 'handover-to-current-coordinator'],
  })
  async propose(@Param('id', uuidParam('id')) id: string, @Body() body: ProposeHandoverDto, @Meta() meta: CommandMeta) {
    const result = await this.bus.execute(new RunCaseCommand(id, { type: 'ProposeHandover', data: body }, meta));
    const { handoverId } = produced(result, 'HandoverProposed');
    return reply(result, { handoverId }, `/api/cases/${id}/handovers/${handoverId}`);
  }

  @Post('handovers/:handoverId/accept')
  @CaseCommand({
    summary: 'Accept a hand-over (the receiving practitioner or a team manager); the coordinator changes',
    command: 'AcceptHandover',
    response: CommandResponse,
    conflicts: ['handover-not-found (404)', 'not-handover-receiver'],
  })
  async accept(
    @Param('id', uuidParam('id')) id: string,
    @Param('handoverId', uuidParam('handoverId')) handoverId: string,
    @Body() body: Record<string, unknown> | undefined,
    @Meta() meta: CommandMeta,
  ) {
    assertEmpty(body);
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'AcceptHandover', data: { handoverId } }, meta)));
  }

  @Post('handovers/:handoverId/decline')
  @CaseCommand({ summary: 'Decline a hand-over; the coordinator is unchanged', command: 'DeclineHandover', response: CommandResponse, conflicts: ['handover-not-found (404)', 'not-handover-party'] })
  async decline(
    @Param('id', uuidParam('id')) id: string,
    @Param('handoverId', uuidParam('handoverId')) handoverId: string,
    @Body() body: ReasonDto,
    @Meta() meta: CommandMeta,
  ) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'DeclineHandover', data: { handoverId, reason: body.reason } }, meta)));
  }

  @Post('care-team')
  @CaseCommand({ summary: 'Add a care team member', command: 'AddCareTeamMember', created: true, response: MemberResponse, conflicts: ['already-care-team-member'] })
  async addMember(@Param('id', uuidParam('id')) id: string, @Body() body: AddCareTeamMemberDto, @Meta() meta: CommandMeta) {
    const result = await this.bus.execute(new RunCaseCommand(id, { type: 'AddCareTeamMember', data: body }, meta));
    return reply(result, { memberId: body.memberId }, `/api/cases/${id}/care-team/${encodeURIComponent(body.memberId)}`);
  }

  @Delete('care-team/:memberId')
  @CaseCommand({
    summary: 'Remove a care team member (not the coordinator)',
    command: 'RemoveCareTeamMember',
    response: CommandResponse,
    method: 'DELETE',
    conflicts: ['not-care-team-member', 'cannot-remove-coordinator'],
  })
  async removeMember(
    @Param('id', uuidParam('id')) id: string,
    @Param('memberId', slugParam('memberId')) memberId: string,
    @Meta() meta: CommandMeta,
  ) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'RemoveCareTeamMember', data: { memberId } }, meta)));
  }
}
