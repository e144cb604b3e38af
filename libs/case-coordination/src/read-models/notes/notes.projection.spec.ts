import { foldRows } from '../../projections/row-projection';
import { CASE_ID, fullHistory, practitioner, recorded } from '../read-model.fixtures';
import { notesSpec } from './notes.projection';

describe('notes projection', () => {
  const events = recorded(fullHistory());
  const rows = foldRows(notesSpec, events);

  it('keeps each note with its text, restriction, author and time', () => {
    const added = events.find((e) => e.type === 'NoteAdded')!;
    expect(rows).toEqual([
      {
        caseId: CASE_ID,
        noteId: (added.data as { noteId: string }).noteId,
        version: added.version,
        text: 'private',
        restricted: true,
        authorId: practitioner.id,
        authorName: practitioner.name,
        recordedAt: (added.data as { addedAt: string }).addedAt,
      },
    ]);
  });

  it('skips notes a row already reflects (replays are idempotent)', () => {
    expect(foldRows(notesSpec, events, rows)).toEqual(rows);
  });
});
