import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { QUERY_ROLES, SubjectAccessExport, SubjectAccessRequestResponse, SubjectAccessRequests, subjectAccessPage, type Principal } from '@iln/case-coordination';
import { ProblemException } from '@iln/platform';
import { AccessAuditRecorder } from '../audit/access-audit.recorder';
import { CurrentPrincipal, Roles, type AuthenticatedRequest } from '../auth/decorators';
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
  constructor(
    private readonly requests: SubjectAccessRequests,
    private readonly audit: AccessAuditRecorder,
  ) {}

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
    // The month runs from receipt: a receipt still to come would put the deadline off.
    if (new Date(body.receivedAt).getTime() > Date.now()) throw validationProblem([{ field: 'receivedAt', message: 'receivedAt must not be in the future' }]);
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
  @ApiExtraModels(SubjectAccessExport)
  @ApiOkResponse({
    description: 'JSON, or with `Accept: text/html` the same as a printable page in plain words',
    content: { 'application/json': { schema: { $ref: getSchemaPath(SubjectAccessExport) } }, 'text/html': { schema: { type: 'string' } } },
  })
  async export(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() p: Principal,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SubjectAccessExport | string> {
    const found = await this.requests.export(id);
    if (!found) throw new ProblemException(404, 'subject-access-request-not-found', 'Not found', 'No such subject access request.');
    res.vary('Accept');
    if (req.accepts(['application/json', 'text/html']) !== 'text/html') return found;
    // The audit interceptor finds a JSON answer's cases in its items; a page has none to
    // find, so its cases are recorded here, failing closed as every read does.
    await this.audit.write(this.audit.entries(req, p, found.items.map((c) => c.caseId), 200), true);
    res.type('text/html');
    return subjectAccessPage(found);
  }
}
