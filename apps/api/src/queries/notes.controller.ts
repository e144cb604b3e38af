import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListNotesQuery, NotesPage, QUERY_ROLES, type Principal } from '@iln/case-coordination';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import { PageQuery } from './page.dto';
import { PROJECTION_POSITION_HEADER, ReadsProjections } from './projection-position';
import { ApiProblems, queryProblems } from '../http/api-problems.decorator';

/** A case's notes (API.md v1.1); the route only dispatches its query. */
@ApiTags('case queries')
@ApiBearerAuth()
@Controller('api/cases')
export class NotesController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/notes')
  @Roles(...QUERY_ROLES.ListCaseNotes)
  @ReadsProjections('notes', 'case-detail')
  @ApiProblems(queryProblems({ 404: ['case-not-found'] }))
  @ApiOperation({
    operationId: 'listCaseNotes',
    summary: "A case's notes, newest first; a restricted note's text and author only to those allowed safeguarding detail and to its author",
  })
  @ApiOkResponse({ type: NotesPage, description: "A page of the case's notes", headers: PROJECTION_POSITION_HEADER })
  notes(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query() q: PageQuery): Promise<NotesPage> {
    return this.queries.execute(new ListNotesQuery(p, id, q.page, q.pageSize));
  }
}
