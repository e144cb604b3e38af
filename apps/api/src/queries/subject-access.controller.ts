import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QUERY_ROLES, SubjectAccessExport, SubjectAccessRequestResponse, SubjectAccessRequests, type Principal } from '@iln/case-coordination';
import { ProblemException } from '@iln/platform';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import { ApiProblems, queryProblems } from '../http/api-problems.decorator';
import { validationProblem } from '../http/validation';
import { uuidParam } from '../cases/command-http';
import { SubjectAccessRequestDto } from './subject-access.dto';

/**
 * API.md "Records management" (issue 16): subject access requests, records officers only.
 * Each case an export holds is in the access audit (its `items`), as any read of a case is.
 */
@ApiTags('records management')
@ApiBearerAuth()
@Controller('api/subject-access-requests')
export class SubjectAccessController {
  constructor(private readonly requests: SubjectAccessRequests) {}

  @Post()
  @HttpCode(201)
  @Roles(...QUERY_ROLES.SubjectAccess)
  @ApiProblems(queryProblems())
  @ApiOperation({
    operationId: 'receiveSubjectAccessRequest',
    summary: "Record a subject access request and find the resident's cases (by NHS number, or by name and date of birth); due in one calendar month",
  })
  @ApiCreatedResponse({ type: SubjectAccessRequestResponse })
  receive(@CurrentPrincipal() p: Principal, @Body() body: SubjectAccessRequestDto): Promise<SubjectAccessRequestResponse> {
    const byName = [body.givenName, body.familyName, body.dateOfBirth].filter((v) => v !== undefined).length;
    if (!body.nhsNumber && byName < 3) {
      throw validationProblem([{ field: 'nhsNumber', message: 'give an NHS number, or givenName, familyName and dateOfBirth together' }]);
    }
    if (byName > 0 && byName < 3) {
      throw validationProblem([{ field: 'givenName', message: 'givenName, familyName and dateOfBirth go together' }]);
    }
    const { nhsNumber, givenName, familyName, dateOfBirth } = body;
    return this.requests.receive({ nhsNumber, givenName, familyName, dateOfBirth }, body.receivedAt, p.id);
  }

  @Get(':id/export')
  @Roles(...QUERY_ROLES.SubjectAccess)
  @ApiProblems(queryProblems({ 404: ['subject-access-request-not-found'] }))
  @ApiOperation({
    operationId: 'exportSubjectAccessRequest',
    summary: 'Everything held about the resident in every case that matched: the record, plan versions, notes, inputs, safeguarding, consent, follow-ups, the timeline in plain words, and who accessed it',
  })
  @ApiOkResponse({ type: SubjectAccessExport })
  async export(@Param('id', uuidParam('id')) id: string): Promise<SubjectAccessExport> {
    const found = await this.requests.export(id);
    if (!found) throw new ProblemException(404, 'subject-access-request-not-found', 'Not found', 'No such subject access request.');
    return found;
  }
}
