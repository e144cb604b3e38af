import { foldRows } from '../../projections/row-projection';
import { fullHistory, recorded } from '../read-model.fixtures';
import { timelineSpec } from './timeline.projection';

describe('timeline projection', () => {
  const rows = foldRows(timelineSpec, recorded(fullHistory()));

  it('has one row per event, in stream order', () => {
    expect(rows.map((r) => r.version)).toEqual(rows.map((_, i) => i + 1));
    expect(rows[0]).toMatchObject({ type: 'CaseOpened', summary: 'Case opened (source: gp)', restricted: false });
  });

  it('marks safeguarding detail and restricted notes, and never quotes their text', () => {
    const restricted = rows.filter((r) => r.restricted).map((r) => r.type);
    expect(restricted).toEqual(['SafeguardingConcernRaised', 'NoteAdded']);
    expect(JSON.stringify(rows.map((r) => r.summary))).not.toMatch(/secret detail|private|Test Resident/);
  });
});
