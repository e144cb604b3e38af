import { history, iso, NOW, openCase, spec, testContext } from '../case-spec.fixtures';
import type { CaseCommand } from '../commands';
import { decide } from '../decide';
import { CaseIsErased, CaseNotFound, ErasureOnLegalHold } from '../errors';
import type { CaseEvent } from '../events';
import { evolve } from '../evolve';
import { initialState } from '../state';

const officer: ReturnType<typeof testContext>['actor'] = { id: 'r-eve', name: 'Eve Records', roles: ['records-officer'] };
const erase: CaseCommand = { type: 'EraseCase', data: { reason: 'Opened in error for the wrong resident' } };
const hold: CaseCommand = { type: 'PlaceLegalHold', data: { reason: 'Ombudsman complaint' } };
const lift: CaseCommand = { type: 'LiftLegalHold', data: { reason: 'Complaint concluded' } };
const close: CaseCommand = { type: 'CloseCase', data: { reason: 'Goals met', outcomeSummary: 'Living well at home' } };
const erased = (reason: string | null = 'Opened in error for the wrong resident'): CaseEvent => ({
  type: 'CaseErased',
  data: { reason, by: { id: officer.id, name: officer.name }, erasedAt: iso(NOW), localityId: 'grays' },
});

describe('erasure', () => {
  it('erases an open case, cancelling first every follow-up still awaiting someone (so its timers go)', () => {
    const opened = history(openCase);
    const pending = opened.filter((e) => e.type === 'FollowUpScheduled');
    expect(pending.length).toBeGreaterThan(0);
    spec.given(opened).when(erase, { actor: officer }).then([
      ...pending.map((e): CaseEvent => {
        if (e.type !== 'FollowUpScheduled') throw new Error('unreachable');
        return { type: 'FollowUpCancelled', data: { followUpId: e.data.followUpId, kind: e.data.kind, reason: 'case-erased', cancelledAt: iso(NOW) } };
      }),
      erased(),
    ]);
  });

  it('erases a closed case, whose follow-ups closing already cancelled', () => {
    spec.given(history(openCase, close)).when(erase, { actor: officer }).then([erased()]);
  });

  it('refuses while a legal hold keeps the record, and erases once it is lifted', () => {
    spec.given(history(openCase, close, [hold, { actor: officer }])).when(erase, { actor: officer }).thenThrows(ErasureOnLegalHold);
    spec.given(history(openCase, close, [hold, { actor: officer }], [lift, { actor: officer }])).when(erase, { actor: officer }).then([erased()]);
  });

  it('takes nothing after erasure: every command answers that the case is erased, with when', () => {
    const after = history(openCase, close, [erase, { actor: officer }]);
    for (const command of [erase, hold, { type: 'ReopenCase', data: { reason: 'Back' } }, { type: 'AddNote', data: { text: 'More', restricted: false } }] as CaseCommand[]) {
      spec.given(after).when(command, { actor: officer }).thenThrows(CaseIsErased);
    }
    const state = after.reduce(evolve, initialState());
    expect(state.erasedAt).toBe(iso(NOW));
    try {
      decide(erase, state, testContext({ actor: officer }));
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(CaseIsErased);
      expect({ caseId: (e as CaseIsErased).caseId, erasedAt: (e as CaseIsErased).erasedAt }).toEqual({ caseId: 'case-1', erasedAt: iso(NOW) });
    }
  });

  it("lets a timer's late job for an erased case pass quietly", () => {
    const opened = history(openCase);
    const followUp = opened.find((e) => e.type === 'FollowUpScheduled');
    if (followUp?.type !== 'FollowUpScheduled') throw new Error('expected a follow-up');
    const after = [...opened, ...history(openCase, [erase, { actor: officer }]).slice(opened.length)];
    spec.given(after).when({ type: 'MarkFollowUpOverdue', data: { followUpId: followUp.data.followUpId } }).thenNothing();
    spec.given(after).when({ type: 'EscalateFollowUp', data: { followUpId: followUp.data.followUpId } }).thenNothing();
  });

  it('erases no case that does not exist', () => {
    spec.given([]).when(erase, { actor: officer }).thenThrows(CaseNotFound);
  });
});
