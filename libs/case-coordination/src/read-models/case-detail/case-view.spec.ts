import { caseView } from './case-view';
import { CASE_ID, fullHistory, receiver, recorded } from '../read-model.fixtures';
import { caseDetailSpec } from './case-detail.projection';
import { foldRows } from '../../projections/row-projection';

describe('case detail view', () => {
  const events = recorded(fullHistory());
  const view = caseView(events)!;

  it('folds a case into API.md shape', () => {
    expect(view).toMatchObject({
      caseId: CASE_ID,
      reference: 'ILN-GRA-000123',
      version: events.length,
      status: 'open',
      localityId: 'grays',
      coordinator: { id: receiver.id, name: receiver.name },
      pendingHandover: null,
      carePlan: { planVersion: 1, status: 'agreed', whatMatters: 'my garden', goals: [expect.objectContaining({ id: 'g1', achieved: false })] },
      specialistInputs: [expect.objectContaining({ serviceId: 'falls', status: 'requested', mode: 'brokered' })],
      safeguarding: { flag: true, concerns: [expect.objectContaining({ status: 'awaiting-decision', risk: 'high', summary: 'secret detail' })] },
      hospital: { admitted: false, lastDischarge: { dischargedAt: '2026-11-22T10:00:00.000Z', pathway: 1 } },
      closedAt: null,
    });
    expect(view.followUps.map((f) => f.kind)).toEqual(expect.arrayContaining(['allocate-coordinator', 'care-plan-first-review', 'post-discharge-welfare-check']));
  });

  it('is the same document the projection stores, and a prefix of the stream gives the case as it was', () => {
    const [row] = foldRows(caseDetailSpec, events);
    expect(row.document).toEqual(view);
    expect(caseView(events.slice(0, 2))).toMatchObject({ version: 2, coordinator: null, carePlan: null });
  });

  it('skips events the row already reflects (replays are idempotent)', () => {
    const once = foldRows(caseDetailSpec, events);
    expect(foldRows(caseDetailSpec, events, once)).toEqual(once);
  });
});
