import { subjectAccessPage } from './subject-access.html';
import type { SubjectAccessExport } from './subject-access.responses';

const exported: SubjectAccessExport = {
  requestId: 'r-1',
  receivedAt: '2027-01-31T10:00:00.000Z',
  dueBy: '2027-02-28',
  items: [
    {
      caseId: 'c-1',
      reference: 'ILN-2026-000001',
      record: { resident: { givenName: '<script>alert(1)</script>', familyName: 'Wintergreen' }, whatMatters: 'My garden' },
      planVersions: [{ whatMatters: 'Walks' }],
      notes: [{ text: 'Visited & "well"', author: 'Ana', restricted: true, recordedAt: '2026-11-23T09:00:00.000Z' }],
      inputs: [],
      safeguarding: [],
      followUps: [],
      timeline: [{ occurredAt: '2026-11-23T09:00:00.000Z', by: 'Ana Practitioner', summary: 'Case opened' }],
      accessedBy: [{ occurredAt: '2026-11-24T09:00:00.000Z', userId: 'p-1', roles: ['practitioner'], organisation: 'nelft', kind: 'read', action: 'GET /api/cases/:id', outcome: 200 }],
    },
  ],
};

describe('the printable subject access page', () => {
  const page = subjectAccessPage(exported);

  it('escapes everything people typed', () => {
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('Visited &amp; &quot;well&quot;');
  });

  it('reads as plain words: dates, a narrative, who looked, no field names or event types', () => {
    expect(page).toContain('we answer it by 28 February 2027');
    expect(page).toContain('On 23 November 2026, Ana Practitioner: Case opened.');
    expect(page).toContain('On 24 November 2026, p-1 (nelft) looked at it.');
    expect(page).toContain('<dt>what matters</dt>');
    expect(page).not.toMatch(/whatMatters|givenName|CaseOpened/);
  });
});
