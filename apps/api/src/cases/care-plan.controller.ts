import { Body, Controller, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { DraftCarePlanCommand, RunCaseCommand, type CommandMeta, type DraftCarePlanResult } from '@iln/case-coordination';
import { validationProblem } from '../http/validation';
import { CaseCommand, Meta, produced, reply, slugParam, uuidParam } from './command-http';
import { AgreeCarePlanDto, DraftCarePlanDto, OptionalNoteDto, RecordReviewDto } from './dto/care-plan.dto';
import { CommandResponse, PlanResponse } from './dto/responses.dto';

/** The single care plan: drafted and revised, agreed with the resident, reviewed. */
@ApiTags('cases: care plan')
@Controller('api/cases/:id/care-plan')
export class CarePlanController {
  constructor(private readonly bus: CommandBus) {}

  @Put()
  @CaseCommand({ summary: 'Draft or revise the care plan (a new plan version; a body identical to the current version writes nothing)', command: 'DraftCarePlan', response: PlanResponse, method: 'PUT', conflicts: ['duplicate-plan-item', 'goal-not-found (404)'] })
  async draft(@Param('id', uuidParam('id')) id: string, @Body() body: DraftCarePlanDto, @Meta() meta: CommandMeta) {
    // An action may only point at a goal of this same plan version; said here, per field.
    const goalIds = new Set(body.goals.map((g) => g.id).filter(Boolean));
    const bad = body.actions.flatMap((a, i) =>
      a.goalId !== undefined && !goalIds.has(a.goalId) ? [{ field: `actions[${i}].goalId`, message: 'must be the id of a goal in this plan' }] : [],
    );
    if (bad.length > 0) throw validationProblem(bad);
    const result: DraftCarePlanResult = await this.bus.execute(new DraftCarePlanCommand(id, body, meta));
    return reply(result, { planVersion: result.planVersion });
  }

  @Post('agree')
  @CaseCommand({
    summary: 'Agree the current plan version with the resident (schedules the first review)',
    command: 'AgreeCarePlan',
    response: PlanResponse,
    conflicts: ['care-plan-missing', 'care-plan-needs-goal', 'care-plan-already-agreed', 'not-agreed-with-resident'],
  })
  async agree(@Param('id', uuidParam('id')) id: string, @Body() body: AgreeCarePlanDto, @Meta() meta: CommandMeta) {
    const result = await this.bus.execute(new RunCaseCommand(id, { type: 'AgreeCarePlan', data: body }, meta));
    const agreed = produced(result, 'CarePlanAgreed');
    return reply(result, { planVersion: agreed.planVersion, nextReviewDue: agreed.nextReviewDue });
  }

  @Post('reviews')
  @CaseCommand({
    summary: 'Record a review of the agreed plan (schedules the next)',
    command: 'RecordCarePlanReview',
    response: PlanResponse,
    conflicts: ['care-plan-missing', 'care-plan-not-agreed', 'review-date-not-in-future'],
  })
  async review(@Param('id', uuidParam('id')) id: string, @Body() body: RecordReviewDto, @Meta() meta: CommandMeta) {
    const result = await this.bus.execute(new RunCaseCommand(id, { type: 'RecordCarePlanReview', data: body }, meta));
    const reviewed = produced(result, 'CarePlanReviewed');
    return reply(result, { planVersion: reviewed.planVersion, nextReviewDue: reviewed.nextReviewDue });
  }

  @Post('actions/:actionId/complete')
  @CaseCommand({ summary: 'Complete a care plan action', command: 'CompleteCarePlanAction', response: CommandResponse, conflicts: ['care-plan-missing', 'action-not-found (404)', 'action-already-completed'] })
  async completeAction(
    @Param('id', uuidParam('id')) id: string,
    @Param('actionId', slugParam('actionId')) actionId: string,
    @Body() body: OptionalNoteDto,
    @Meta() meta: CommandMeta,
  ) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'CompleteCarePlanAction', data: { actionId, note: body.note } }, meta)));
  }

  @Post('goals/:goalId/achieve')
  @CaseCommand({ summary: 'Mark a goal achieved', command: 'AchieveGoal', response: CommandResponse, conflicts: ['care-plan-missing', 'goal-not-found (404)', 'goal-already-achieved'] })
  async achieveGoal(
    @Param('id', uuidParam('id')) id: string,
    @Param('goalId', slugParam('goalId')) goalId: string,
    @Body() body: OptionalNoteDto,
    @Meta() meta: CommandMeta,
  ) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'AchieveGoal', data: { goalId, note: body.note } }, meta)));
  }
}
