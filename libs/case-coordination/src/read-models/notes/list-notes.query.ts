import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../access/principal';
import type { NotesPage } from './notes.response';

/** A case's notes, newest first; answers null when the case is not visible to the caller. */
export class ListNotesQuery extends Query<NotesPage> {
  constructor(
    readonly principal: Principal,
    readonly caseId: string,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}
