import { RowProjection, RowProjectionSpec } from '../../projections/row-projection';

export interface NoteRow {
  caseId: string;
  noteId: string;
  version: number;
  text: string;
  restricted: boolean;
  authorId: string;
  authorName: string;
  recordedAt: string;
  [field: string]: unknown;
}

/**
 * One row per note, with its text: the timeline only says "Note added" (it never quotes
 * a note), so this is where a case's notes are read. The author is the event's actor:
 * the same person the timeline names, and the one the restricted-note rule lets read it.
 */
export const notesSpec: RowProjectionSpec<NoteRow> = {
  name: 'notes',
  table: 'rm_case_notes',
  primaryKey: ['caseId', 'noteId'],
  columns: {
    caseId: 'text',
    noteId: 'text',
    version: 'int',
    text: 'text',
    restricted: 'bool',
    authorId: 'text',
    authorName: 'text',
    recordedAt: 'timestamptz',
  },
  keys: (e) => (e.event.type === 'NoteAdded' ? [{ caseId: e.caseId, noteId: e.event.data.noteId }] : []),
  // Disposal (issue 16): notes are personal data through and through.
  erasure: { caseColumn: 'caseId' },
  evolve(row, e) {
    if (e.event.type !== 'NoteAdded') return row;
    const { noteId, text, restricted, addedAt } = e.event.data;
    const actor = e.recorded.metadata.actor;
    return { caseId: e.caseId, noteId, version: e.recorded.version, text, restricted, authorId: actor.id, authorName: actor.name, recordedAt: addedAt };
  },
};

export const notesProjection = new RowProjection(notesSpec);
