import { history, iso, NOW, openCase, spec, type testContext } from '../case-spec.fixtures';
import type { CaseCommand } from '../commands';
import { CaseNotFound, LegalHoldExists, NoLegalHold } from '../errors';

const officer: ReturnType<typeof testContext>['actor'] = { id: 'r-eve', name: 'Eve Records', roles: ['records-officer'] };
const hold: CaseCommand = { type: 'PlaceLegalHold', data: { reason: 'Ombudsman complaint' } };
const lift: CaseCommand = { type: 'LiftLegalHold', data: { reason: 'Complaint concluded' } };
const close: CaseCommand = { type: 'CloseCase', data: { reason: 'Goals met', outcomeSummary: 'Living well at home' } };
const by = { id: officer.id, name: officer.name };

describe('legal hold', () => {
  it('holds a closed case, saying who held it and why: retention only ever takes closed cases', () => {
    spec.given(history(openCase, close)).when(hold, { actor: officer }).then([{ type: 'LegalHoldPlaced', data: { reason: 'Ombudsman complaint', by, at: iso(NOW) } }]);
  });

  it('holds an open case too', () => {
    spec.given(history(openCase)).when(hold, { actor: officer }).then([{ type: 'LegalHoldPlaced', data: { reason: 'Ombudsman complaint', by, at: iso(NOW) } }]);
  });

  it('holds a case once at a time', () => {
    spec.given(history(openCase, close, [hold, { actor: officer }])).when(hold, { actor: officer }).thenThrows(LegalHoldExists);
  });

  it('lifts a hold with a reason, after which the case may be held again', () => {
    const held = history(openCase, close, [hold, { actor: officer }]);
    spec.given(held).when(lift, { actor: officer }).then([{ type: 'LegalHoldLifted', data: { reason: 'Complaint concluded', by, at: iso(NOW) } }]);
    spec.given(history(openCase, close, [hold, { actor: officer }], [lift, { actor: officer }])).when(hold, { actor: officer }).then([
      { type: 'LegalHoldPlaced', data: { reason: 'Ombudsman complaint', by, at: iso(NOW) } },
    ]);
  });

  it('refuses to lift a hold that is not there, or was lifted already', () => {
    spec.given(history(openCase, close)).when(lift, { actor: officer }).thenThrows(NoLegalHold);
    spec.given(history(openCase, [hold, { actor: officer }], [lift, { actor: officer }])).when(lift, { actor: officer }).thenThrows(NoLegalHold);
  });

  it('holds no case that does not exist', () => {
    spec.given([]).when(hold, { actor: officer }).thenThrows(CaseNotFound);
  });
});
