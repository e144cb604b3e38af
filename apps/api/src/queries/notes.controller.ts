import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ListNotesQuery, NotesPage, type Principal } from '@iln/case-coordination';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import { ProblemDto } from '../cases/dto/responses.dto';
import { caseNotFound, CONTENT_ROLES, setPosition } from './case-queries.controller';
import { PageQuery } from './page.dto';
import { ReadPositions } from './read-positions.service';

@ApiTags('case queries')
@ApiBearerAuth()
@ApiHeader({ name: 'Await-Position', required: false, description: 'Wait (up to 5 s) until the read models have processed this Event-Position' })
@Controller('api/cases')
export class NotesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly positions: ReadPositions,
  ) {}

  @Get(':id/notes')
  @Roles(...CONTENT_ROLES)
  @ApiOperation({ summary: "A case's notes, newest first; a restricted note's text and author only to those allowed safeguarding detail and to its author" })
  @ApiOkResponse({ type: NotesPage })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'no such case (or not visible to you)' })
  async notes(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Query() q: PageQuery,
    @Headers('await-position') awaitPosition: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NotesPage> {
    setPosition(res, await this.positions.positionFor(['notes', 'case-detail'], awaitPosition));
    const page = await this.queries.execute(new ListNotesQuery(p, id, q.page, q.pageSize));
    if (!page) throw caseNotFound();
    return page;
  }
}
