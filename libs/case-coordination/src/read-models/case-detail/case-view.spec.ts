import { applyToCaseView, caseView, type CaseView } from './case-view';
import { CASE_ID, fullHistory, practitioner, receiver, recorded } from '../read-model.fixtures';
import { allocate, history, openCase } from '../../domain/case-spec.fixtures';
import type { CaseCommand } from '../../domain/commands';
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

  describe('reviews and closure (v1.1)', () => {
    const c = (type: CaseCommand['type'], data: unknown) => ({ type, data }) as CaseCommand;
    const plan = [
      openCase,
      allocate,
      c('DraftCarePlan', { whatMatters: 'my garden', goals: [{ id: 'g1', description: 'walk' }], actions: [] }),
      c('AgreeCarePlan', { agreedWithResident: true }),
      c('RecordCarePlanReview', { summary: 'Walking to the shop again' }),
    ];

    it('lists each review with its summary, time and who recorded it, and keeps them across a revision', () => {
      const events = recorded(history(...plan, c('DraftCarePlan', { whatMatters: 'my garden and my cat', goals: [{ id: 'g1', description: 'walk' }], actions: [] })));
      const view = caseView(events)!;
      expect(view.carePlan).toMatchObject({ planVersion: 2, status: 'draft' });
      expect(view.carePlan!.reviews).toEqual([{ reviewedAt: '2026-11-23T09:00:00.000Z', summary: 'Walking to the shop again', by: { id: practitioner.id, name: practitioner.name } }]);
    });

    it('shows why and how the case was closed, and nothing once reopened', () => {
      const closed = history(openCase, c('CloseCase', { reason: 'Goals met', outcomeSummary: 'Living well at home' }));
      expect(caseView(recorded(closed))).toMatchObject({ status: 'closed', closure: { closedAt: '2026-11-23T09:00:00.000Z', reason: 'Goals met', outcomeSummary: 'Living well at home' } });
      const reopened = history(openCase, c('CloseCase', { reason: 'r', outcomeSummary: 'o' }), c('ReopenCase', { reason: 'Fell again' }));
      expect(caseView(recorded(reopened))).toMatchObject({ status: 'open', closedAt: null, closure: null });
      expect(caseView(recorded(history(openCase)))).toMatchObject({ closure: null });
    });

    it('gives a document stored before these fields existed the empty ones as it is next evolved', () => {
      const events = recorded(history(...plan));
      const current = caseView(events)!;
      const { closure: _closure, ...older } = { ...current, carePlan: { ...current.carePlan!, reviews: undefined } };
      const next = applyToCaseView(older as unknown as CaseView, { type: 'NoteAdded', data: { noteId: 'n', text: 't', restricted: false, addedAt: 'x' } }, events.length + 1)!;
      expect(next.closure).toBeNull();
      expect(next.carePlan!.reviews).toEqual([]);
    });
  });
});
