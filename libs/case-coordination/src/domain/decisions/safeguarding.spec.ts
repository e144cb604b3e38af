import { allocate, CASE_ID, history, iso, lead, NOW, ofType, openCase, practitioner, scheduled, spec } from '../case-spec.fixtures';
import type { CaseCommand, Risk } from '../commands';
import {
  ConcernAlreadyDecided,
  ConcernNotFound,
  NoOpenEnquiry,
  NoSafeguardingFlag,
  NotSafeguardingLead,
  OutcomesMetRequired,
  SafeguardingOpen,
} from '../errors';

const raise = (risk: Risk = 'medium'): CaseCommand => ({
  type: 'RaiseSafeguardingConcern',
  data: { categories: ['financial'], risk, summary: 'Money going missing' },
});
// h-1 allocation; h-2 concern, h-3 decision follow-up, h-4 flag review follow-up
const raised = history(openCase, raise());
const decide = (section42: boolean): CaseCommand => ({ type: 'DecideSafeguardingConcern', data: { concernId: 'h-2', section42, rationale: 'r' } });
const conclude: CaseCommand = {
  type: 'ConcludeSafeguardingEnquiry',
  data: { concernId: 'h-2', outcome: 'risk-reduced', desiredOutcomesAsked: true, desiredOutcomes: 'Keep my flat', outcomesMet: 'partially' },
};
const enquiring = history(openCase, raise(), [decide(true), { actor: lead }]);
const reviewFlag: CaseCommand = { type: 'ReviewSafeguardingFlag', data: { note: 'Still relevant' } };
const lift: CaseCommand = { type: 'LiftSafeguardingFlag', data: { reason: 'Resolved' } };

describe('raising a concern', () => {
  it('records the raiser, raises the flag and schedules the decision and the flag review', () => {
    spec.given(history(openCase, allocate)).when(raise()).then([
      {
        type: 'SafeguardingConcernRaised',
        data: {
          concernId: 'id-1',
          categories: ['financial'],
          risk: 'medium',
          summary: 'Money going missing',
          raisedBy: { id: practitioner.id, name: practitioner.name },
          raisedAt: iso(NOW),
          decisionDueBy: '2026-11-25T09:00:00.000Z',
        },
      },
      {
        type: 'FollowUpScheduled',
        data: { followUpId: 'id-2', kind: 'safeguarding-decision', dueAt: '2026-11-25T09:00:00.000Z', subject: { kind: 'concern', id: 'id-1' }, ownerId: null, serviceId: null, localityId: 'grays', scheduledAt: iso(NOW) },
      },
      { type: 'SafeguardingFlagRaised', data: { concernId: 'id-1', raisedAt: iso(NOW), nextReviewDue: '2027-05-23T09:00:00.000Z' } },
      {
        type: 'FollowUpScheduled',
        data: { followUpId: 'id-3', kind: 'safeguarding-flag-review', dueAt: '2027-05-23T09:00:00.000Z', subject: { kind: 'flag', id: CASE_ID }, ownerId: practitioner.id, serviceId: null, localityId: 'grays', scheduledAt: iso(NOW) },
      },
    ]);
  });

  it('gives a high-risk concern one working day', () => {
    expect(scheduled(spec.given(history(openCase)).when(raise('high')).thenEvents(), 'safeguarding-decision-high').dueAt).toBe('2026-11-24T09:00:00.000Z');
  });

  it('does not raise the flag again while it is on', () => {
    const events = spec.given(raised).when(raise()).thenEvents();
    expect(events.map((e) => e.type)).toEqual(['SafeguardingConcernRaised', 'FollowUpScheduled']);
  });
});

describe('deciding on a concern', () => {
  it('to enquire opens a section 42 enquiry owned by the deciding lead', () => {
    const events = spec.given(raised).when(decide(true), { actor: lead }).thenEvents();
    expect(events[0]).toEqual({
      type: 'SafeguardingDecisionMade',
      data: { concernId: 'h-2', section42: true, rationale: 'r', decidedBy: { id: lead.id, name: lead.name }, decidedAt: iso(NOW), decisionDueBy: '2026-11-25T09:00:00.000Z' },
    });
    expect(events[1]).toMatchObject({ type: 'FollowUpCompleted', data: { followUpId: 'h-3' } });
    expect(scheduled(events, 'section42-enquiry')).toMatchObject({ ownerId: lead.id, dueAt: '2026-12-21T09:00:00.000Z' });
  });

  it('not to enquire schedules nothing further', () => {
    expect(spec.given(raised).when(decide(false), { actor: lead }).thenEvents().map((e) => e.type)).toEqual(['SafeguardingDecisionMade', 'FollowUpCompleted']);
  });

  it('is for safeguarding leads only', () => {
    spec.given(raised).when(decide(true)).thenThrows(NotSafeguardingLead);
  });

  it('is made once, on a known concern', () => {
    spec.given(enquiring).when(decide(false), { actor: lead }).thenThrows(ConcernAlreadyDecided);
    spec.given(raised).when({ type: 'DecideSafeguardingConcern', data: { concernId: 'x', section42: true, rationale: 'r' } }, { actor: lead }).thenThrows(ConcernNotFound);
  });
});

describe('concluding an enquiry', () => {
  it('records Making Safeguarding Personal and completes the enquiry follow-up', () => {
    const events = spec.given(enquiring).when(conclude, { actor: lead }).thenEvents();
    expect(events[0]).toEqual({
      type: 'SafeguardingEnquiryConcluded',
      data: { concernId: 'h-2', outcome: 'risk-reduced', desiredOutcomesAsked: true, desiredOutcomes: 'Keep my flat', outcomesMet: 'partially', concludedBy: { id: lead.id, name: lead.name }, concludedAt: iso(NOW) },
    });
    expect(ofType(events, 'FollowUpCompleted')[0].data.kind).toBe('section42-enquiry');
  });

  it('requires whether outcomes were met when they were asked', () => {
    const missing: CaseCommand = { type: 'ConcludeSafeguardingEnquiry', data: { concernId: 'h-2', outcome: 'risk-removed', desiredOutcomesAsked: true } };
    spec.given(enquiring).when(missing, { actor: lead }).thenThrows(OutcomesMetRequired);
  });

  it('drops "met" when the person was not asked', () => {
    const notAsked: CaseCommand = { type: 'ConcludeSafeguardingEnquiry', data: { concernId: 'h-2', outcome: 'risk-removed', desiredOutcomesAsked: false, outcomesMet: 'fully' } };
    expect(spec.given(enquiring).when(notAsked, { actor: lead }).thenEvents()[0]).toMatchObject({ data: { outcomesMet: null, desiredOutcomes: null } });
  });

  it('needs an open enquiry and a safeguarding lead', () => {
    spec.given(raised).when(conclude, { actor: lead }).thenThrows(NoOpenEnquiry);
    spec.given(enquiring).when(conclude).thenThrows(NotSafeguardingLead);
  });
});

describe('the safeguarding flag', () => {
  it('review completes the due review and schedules the next in 6 months', () => {
    const events = spec.given(raised).when(reviewFlag).thenEvents();
    expect(events[0]).toEqual({ type: 'SafeguardingFlagReviewed', data: { note: 'Still relevant', reviewedAt: iso(NOW), nextReviewDue: '2027-05-23T09:00:00.000Z' } });
    expect(events[1]).toMatchObject({ type: 'FollowUpCompleted', data: { followUpId: 'h-4' } });
    expect(scheduled(events, 'safeguarding-flag-review').followUpId).toBe('id-1');
  });

  it('lifts once nothing is undecided or open, cancelling its review', () => {
    const settled = history(openCase, raise(), [decide(false), { actor: lead }]);
    spec.given(settled).when(lift).then([
      { type: 'SafeguardingFlagLifted', data: { reason: 'Resolved', liftedAt: iso(NOW) } },
      { type: 'FollowUpCancelled', data: { followUpId: 'h-4', kind: 'safeguarding-flag-review', reason: 'flag-lifted', cancelledAt: iso(NOW) } },
    ]);
  });

  it('refuses to lift while a concern awaits a decision or an enquiry is open', () => {
    spec.given(raised).when(lift).thenThrows(SafeguardingOpen);
    spec.given(enquiring).when(lift).thenThrows(SafeguardingOpen);
  });

  it('cannot be reviewed or lifted when not raised', () => {
    spec.given(history(openCase)).when(reviewFlag).thenThrows(NoSafeguardingFlag);
    spec.given(history(openCase)).when(lift).thenThrows(NoSafeguardingFlag);
  });
});
