import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/api-problems.decorator';
import { FollowUpPolicyInForce, ReferenceData, TEAM_KINDS, describeDuration, responseTarget, type Duration } from '@iln/case-coordination';

class LocalityView {
  @ApiProperty({ example: 'grays' }) id!: string;
  @ApiProperty({ example: 'Grays' }) name!: string;
  @ApiProperty({ type: [String] }) places!: string[];
  @ApiProperty({ example: 'GRA', description: 'the code in case references, ILN-GRA-000123' }) referenceCode!: string;
}
class ResponseTargets {
  @ApiProperty({ example: '2 hours' }) crisis!: string;
  @ApiProperty({ example: '2 working days' }) urgent!: string;
  @ApiProperty({ example: '10 working days' }) routine!: string;
}
class SpecialistServiceView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: ResponseTargets }) responseTargets!: ResponseTargets;
}
class TeamView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: TEAM_KINDS }) kind!: string;
  @ApiProperty({ type: String, nullable: true }) localityId!: string | null;
  @ApiPropertyOptional() hoursCapacity?: number;
}

/** Reference data and the follow-up policy; any signed-in user may read them. */
@ApiTags('reference data')
@ApiBearerAuth()
@ApiProblems({ 401: true, 429: true, 503: true })
@Controller('api')
export class ReferenceDataController {
  constructor(
    private readonly referenceData: ReferenceData,
    private readonly policy: FollowUpPolicyInForce,
  ) {}

  @Get('localities')
  @ApiOperation({ operationId: 'listLocalities', summary: 'The localities (Integrated Locality Networks) and their places' })
  @ApiOkResponse({ type: [LocalityView] })
  async localities(): Promise<LocalityView[]> {
    return (await this.referenceData.localities()).map(({ id, name, places, referenceCode }) => ({ id, name, places, referenceCode }));
  }

  @Get('specialist-services')
  @ApiOperation({
    operationId: 'listSpecialistServices',
    summary:
      "Specialist services whose input can be brokered, with each service's response targets from the policy in force (specialist-input-<urgency>:<serviceId>, else the urgency's)",
  })
  @ApiOkResponse({ type: [SpecialistServiceView] })
  async specialistServices(): Promise<SpecialistServiceView[]> {
    const p = this.policy.policy;
    return (await this.referenceData.specialistServices()).map(({ id, name }) => ({
      id,
      name,
      responseTargets: {
        crisis: describeDuration(responseTarget(p, 'crisis', id)),
        urgent: describeDuration(responseTarget(p, 'urgent', id)),
        routine: describeDuration(responseTarget(p, 'routine', id)),
      },
    }));
  }

  @Get('teams')
  @ApiOperation({ operationId: 'listTeams', summary: 'Teams, with the home-care capacity of Wellbeing Teams' })
  @ApiOkResponse({ type: [TeamView] })
  async teams(): Promise<TeamView[]> {
    return (await this.referenceData.teams()).map(({ id, name, kind, localityId, hoursCapacity }) => ({
      id,
      name,
      kind,
      localityId,
      ...(hoursCapacity !== null ? { hoursCapacity } : {}),
    }));
  }

  @Get('follow-up-policy')
  @ApiOperation({ operationId: 'getFollowUpPolicy',
    summary: 'The follow-up policy in force: each key to its duration ({workingDays}, {hours}, {days} or an ISO 8601 string) and how it reads',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['duration', 'description'],
        properties: {
          duration: {
            oneOf: [
              { type: 'string', description: 'ISO 8601 duration' },
              { type: 'object', required: ['workingDays'], properties: { workingDays: { type: 'number' } }, additionalProperties: false },
              { type: 'object', required: ['hours'], properties: { hours: { type: 'number' } }, additionalProperties: false },
              { type: 'object', required: ['days'], properties: { days: { type: 'number' } }, additionalProperties: false },
            ],
          },
          description: { type: 'string', example: '2 working days' },
        },
      },
    },
  })
  followUpPolicy(): Record<string, { duration: Duration | string; description: string }> {
    return Object.fromEntries(
      Object.entries(this.policy.policy)
        .filter((entry): entry is [string, Duration] => entry[1] !== undefined)
        .map(([key, d]) => [key, { duration: 'iso' in d ? d.iso : d, description: describeDuration(d) }]),
    );
  }
}
