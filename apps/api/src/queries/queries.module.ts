import { Module } from '@nestjs/common';
import { CaseReadPolicy, ListNotesHandler } from '@iln/case-coordination';
import { CaseQueriesController } from './case-queries.controller';
import { DashboardController } from './dashboard.controller';
import { NotesController } from './notes.controller';
import { ProjectionsHealth } from './projections-health';
import { ReadPositions } from './read-positions.service';
import { WorkQueriesController } from './work-queries.controller';

/** Every GET of API.md's Queries table, served from the read models. */
@Module({
  controllers: [CaseQueriesController, WorkQueriesController, DashboardController, NotesController],
  providers: [ReadPositions, { provide: CaseReadPolicy, useValue: new CaseReadPolicy() }, ProjectionsHealth, ListNotesHandler],
})
export class QueriesModule {}
