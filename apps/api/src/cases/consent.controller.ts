import { Body, Controller, Param, Post, type PipeTransform } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RunCaseCommand, type CommandMeta } from '@iln/case-coordination';
import { validationProblem } from '../http/validation';
import { CaseCommand, Meta, reply, uuidParam } from './command-http';
import { ReasonDto } from './dto/coordination.dto';
import { ConsentOverrideDto } from './dto/consent.dto';
import { CommandResponse } from './dto/responses.dto';

/** An organisation named in the path: what the consent record calls it (1-200 characters, URL-encoded). */
const organisationParam: PipeTransform = {
  transform(value: unknown) {
    if (typeof value === 'string' && value.length >= 1 && value.length <= 200) return value;
    throw validationProblem([{ field: 'organisation', message: 'organisation must be 1-200 characters' }]);
  },
};

/**
 * Safeguarding can override a consent refusal, with a recorded reason (DOMAIN.md): that
 * organisation's care-team members see the case while the flag is up (issue 13).
 */
@ApiTags('cases: records')
@Controller('api/cases/:id/consent/overrides')
export class ConsentOverridesController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  @CaseCommand({
    summary: "Override a consent refusal for one organisation while the safeguarding flag is raised (its care-team members get access)",
    command: 'GrantConsentOverride',
    response: CommandResponse,
    conflicts: ['no-safeguarding-flag', 'consent-override-exists'],
  })
  async grant(@Param('id', uuidParam('id')) id: string, @Body() body: ConsentOverrideDto, @Meta() meta: CommandMeta) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'GrantConsentOverride', data: body }, meta)));
  }

  @Post(':organisation/lift')
  @CaseCommand({
    summary: 'End the consent override for one organisation (lifting the safeguarding flag ends them all)',
    command: 'LiftConsentOverride',
    response: CommandResponse,
    conflicts: ['no-consent-override (404)'],
  })
  async lift(
    @Param('id', uuidParam('id')) id: string,
    @Param('organisation', organisationParam) organisation: string,
    @Body() body: ReasonDto,
    @Meta() meta: CommandMeta,
  ) {
    return reply(await this.bus.execute(new RunCaseCommand(id, { type: 'LiftConsentOverride', data: { organisation, reason: body.reason } }, meta)));
  }
}
