import { allocate, CASE_ID, history, iso, NOW, ofType, openCase, practitioner, scheduled, spec } from '../case-spec.fixtures';
import type { CaseCommand, DraftCarePlan } from '../commands';
import {
  ActionAlreadyCompleted,
  ActionNotFound,
  CarePlanAlreadyAgreed,
  CarePlanMissing,
  CarePlanNeedsGoal,
  CarePlanNotAgreed,
  DuplicatePlanItem,
  GoalAlreadyAchieved,
  GoalNotFound,
  NotAgreedWithResident,
  ReviewDateNotInFuture,
} from '../errors';

const owner = { kind: 'practitioner' as const, id: 'p-ot', name: 'OT' };
const draft = (over: Partial<DraftCarePlan['data']> = {}): DraftCarePlan => ({
  type: 'DraftCarePlan',
  data: {
    whatMatters: 'Gardening',
    goals: [{ id: 'g-1', description: 'Walk to the shop' }],
    actions: [{ id: 'a-1', description: 'Grab rail', owner, goalId: 'g-1', dueDate: '2026-12-01' }],
    ...over,
  },
});
const agree: CaseCommand = { type: 'AgreeCarePlan', data: { agreedWithResident: true } };
const review: CaseCommand = { type: 'RecordCarePlanReview', data: { summary: 'Going well' } };
const drafted = history(openCase, allocate, draft());
const agreed = history(openCase, allocate, draft(), agree);

describe('drafting the care plan', () => {
  it('creates version 1 with generated ids for new items and chases dated actions', () => {
    const events = spec
      .given(history(openCase))
      .when(draft({ goals: [{ description: 'Walk' }], actions: [{ description: 'Rail', owner, dueDate: '2026-12-01' }] }))
      .thenEvents();
    expect(events[0]).toEqual({
      type: 'CarePlanDrafted',
      data: {
        planVersion: 1,
        whatMatters: 'Gardening',
        goals: [{ id: 'id-1', description: 'Walk', targetDate: null, achieved: false }],
        actions: [{ id: 'id-2', description: 'Rail', owner, goalId: null, dueDate: '2026-12-01', completed: false }],
        informalSupport: [],
        risksAccepted: [],
        draftedAt: iso(NOW),
      },
    });
    expect(events[1]).toMatchObject({
      type: 'FollowUpScheduled',
      data: { kind: 'care-plan-action', dueAt: '2026-12-01T23:59:59.999Z', subject: { kind: 'action', id: 'id-2' }, ownerId: 'p-ot' },
    });
  });

  it('revises into a new draft version, keeping identity and completion of items by id', () => {
    const given = history(openCase, draft(), agree, { type: 'CompleteCarePlanAction', data: { actionId: 'a-1' } });
    const [revised] = spec.given(given).when(draft({ whatMatters: 'Gardening and the allotment' })).thenEvents();
    expect(revised).toMatchObject({ data: { planVersion: 2, actions: [{ id: 'a-1', completed: true }] } });
  });

  it('cancels the chase of an action removed in a revision', () => {
    const events = spec.given(drafted).when(draft({ actions: [] })).thenEvents();
    expect(ofType(events, 'FollowUpCancelled').map((e) => e.data)).toEqual([
      { followUpId: scheduled(drafted, 'care-plan-action').followUpId, kind: 'care-plan-action', reason: 'action-removed', cancelledAt: iso(NOW) },
    ]);
  });

  it('replaces the chase when an action moves date, and leaves it when it does not', () => {
    const moved = spec.given(drafted).when(draft({ actions: [{ id: 'a-1', description: 'Rail', owner, dueDate: '2026-12-08' }] })).thenEvents();
    expect(ofType(moved, 'FollowUpCancelled')[0].data.reason).toBe('action-rescheduled');
    expect(scheduled(moved, 'care-plan-action').dueAt).toBe('2026-12-08T23:59:59.999Z');
    const goalReworded = draft({ goals: [{ id: 'g-1', description: 'Walk to the shop and back' }] });
    expect(spec.given(drafted).when(goalReworded).thenEvents().map((e) => e.type)).toEqual(['CarePlanDrafted']);
  });

  it('owns an action chase by the coordinator when the owner is not a practitioner', () => {
    const family = { kind: 'informal' as const, name: 'Daughter' };
    const events = spec.given(history(openCase, allocate)).when(draft({ actions: [{ description: 'Shop', owner: family, dueDate: '2026-12-01' }] })).thenEvents();
    expect(scheduled(events, 'care-plan-action').ownerId).toBe(practitioner.id);
  });

  it('writes nothing for a body identical to the current version, agreed or not', () => {
    spec.given(drafted).when(draft()).thenNothing();
    spec.given(agreed).when(draft()).thenNothing();
    // Optional fields left out are the same as the empty lists and nulls they default to.
    const spelledOut = draft({
      goals: [{ id: 'g-1', description: 'Walk to the shop' }],
      actions: [{ id: 'a-1', description: 'Grab rail', owner, goalId: 'g-1', dueDate: '2026-12-01' }],
      informalSupport: [],
      risksAccepted: [],
    });
    spec.given(agreed).when(spelledOut).thenNothing();
    // Completing an action is not a change of the body: re-sending the plan still writes nothing.
    spec.given(history(openCase, draft(), { type: 'CompleteCarePlanAction', data: { actionId: 'a-1' } })).when(draft()).thenNothing();
  });

  it('writes a new version for any change of a field the client sends', () => {
    const changes: Array<Partial<DraftCarePlan['data']>> = [
      { whatMatters: 'Gardening ' },
      { goals: [{ id: 'g-1', description: 'Walk to the shop', targetDate: '2027-01-01' }] },
      { goals: [{ description: 'Walk to the shop' }], actions: [] },
      { actions: [{ id: 'a-1', description: 'Grab rail', owner: { ...owner, name: 'OT team' }, goalId: 'g-1', dueDate: '2026-12-01' }] },
      { actions: [{ id: 'a-1', description: 'Grab rail', owner, dueDate: '2026-12-01' }] },
      { actions: [{ id: 'a-1', description: 'Grab rail', owner, goalId: 'g-1' }] },
      { actions: [] },
      { informalSupport: ['Daughter visits on Sundays'] },
      { risksAccepted: ['Walks alone'] },
      {
        goals: [
          { id: 'g-1', description: 'Walk to the shop' },
          { id: 'g-2', description: 'Visit the library' },
        ],
      },
    ];
    for (const change of changes) {
      const [event] = spec.given(agreed).when(draft(change)).thenEvents();
      expect(event).toMatchObject({ type: 'CarePlanDrafted', data: { planVersion: 2 } });
    }
  });

  it('refuses duplicate ids and actions for unknown goals', () => {
    spec.given(history(openCase)).when(draft({ goals: [{ id: 'g', description: 'a' }, { id: 'g', description: 'b' }] })).thenThrows(DuplicatePlanItem);
    spec.given(history(openCase)).when(draft({ actions: [{ description: 'x', owner, goalId: 'nope' }] })).thenThrows(GoalNotFound);
  });
});

describe('agreeing the care plan', () => {
  it('agrees the current version and schedules the first review 8 weeks on', () => {
    spec.given(drafted).when(agree).then([
      { type: 'CarePlanAgreed', data: { planVersion: 1, agreedWithResident: true, note: null, agreedAt: iso(NOW), nextReviewDue: '2027-01-18T09:00:00.000Z' } },
      {
        type: 'FollowUpScheduled',
        data: {
          followUpId: 'id-1',
          kind: 'care-plan-first-review',
          dueAt: '2027-01-18T09:00:00.000Z',
          subject: { kind: 'care-plan', id: CASE_ID },
          ownerId: practitioner.id,
          serviceId: null,
          localityId: 'grays',
          scheduledAt: iso(NOW),
        },
      },
    ]);
  });

  it('restarts the review cycle when a revised version is agreed', () => {
    const revised = draft({ risksAccepted: ['Walks alone'] });
    const events = spec.given(history(openCase, draft(), agree, review, revised)).when(agree).thenEvents();
    expect(ofType(events, 'FollowUpCancelled').map((e) => [e.data.kind, e.data.reason])).toEqual([['care-plan-review', 'plan-reagreed']]);
    expect(scheduled(events, 'care-plan-first-review')).toBeTruthy();
  });

  it('needs a plan, a goal, the resident, and a version not yet agreed', () => {
    spec.given(history(openCase)).when(agree).thenThrows(CarePlanMissing);
    spec.given(history(openCase, draft({ goals: [], actions: [] }))).when(agree).thenThrows(CarePlanNeedsGoal);
    spec.given(drafted).when({ type: 'AgreeCarePlan', data: { agreedWithResident: false as true } }).thenThrows(NotAgreedWithResident);
    spec.given(agreed).when(agree).thenThrows(CarePlanAlreadyAgreed);
  });
});

describe('reviewing the care plan', () => {
  it('completes the first review and schedules the next in 12 months', () => {
    const events = spec.given(agreed).when(review).thenEvents();
    expect(events.map((e) => e.type)).toEqual(['CarePlanReviewed', 'FollowUpCompleted', 'FollowUpScheduled']);
    expect(events[1]).toMatchObject({ data: { followUpId: scheduled(agreed, 'care-plan-first-review').followUpId } });
    expect(scheduled(events, 'care-plan-review').dueAt).toBe('2027-11-23T09:00:00.000Z');
  });

  it('uses the chosen next review date, which must not have passed', () => {
    const chosen: CaseCommand = { type: 'RecordCarePlanReview', data: { summary: 's', nextReviewDate: '2027-03-01' } };
    expect(scheduled(spec.given(agreed).when(chosen).thenEvents(), 'care-plan-review').dueAt).toBe('2027-03-01T23:59:59.999Z');
    spec.given(agreed).when({ type: 'RecordCarePlanReview', data: { summary: 's', nextReviewDate: '2026-11-01' } }).thenThrows(ReviewDateNotInFuture);
  });

  it('reviews only an agreed plan', () => {
    spec.given(history(openCase)).when(review).thenThrows(CarePlanMissing);
    spec.given(drafted).when(review).thenThrows(CarePlanNotAgreed);
  });
});

describe('actions and goals', () => {
  const complete: CaseCommand = { type: 'CompleteCarePlanAction', data: { actionId: 'a-1', note: 'Fitted' } };
  const achieve: CaseCommand = { type: 'AchieveGoal', data: { goalId: 'g-1' } };

  it('completes an action and its chase', () => {
    spec.given(drafted).when(complete).then([
      { type: 'CarePlanActionCompleted', data: { planVersion: 1, actionId: 'a-1', note: 'Fitted', completedAt: iso(NOW) } },
      { type: 'FollowUpCompleted', data: { followUpId: scheduled(drafted, 'care-plan-action').followUpId, kind: 'care-plan-action', manual: false, note: null, completedAt: iso(NOW) } },
    ]);
  });

  it('refuses unknown or completed actions', () => {
    spec.given(drafted).when({ type: 'CompleteCarePlanAction', data: { actionId: 'x' } }).thenThrows(ActionNotFound);
    spec.given(history(openCase, draft(), complete)).when(complete).thenThrows(ActionAlreadyCompleted);
    spec.given(history(openCase)).when(complete).thenThrows(CarePlanMissing);
  });

  it('achieves a goal once', () => {
    spec.given(drafted).when(achieve).then([{ type: 'GoalAchieved', data: { planVersion: 1, goalId: 'g-1', note: null, achievedAt: iso(NOW) } }]);
    spec.given(history(openCase, draft(), achieve)).when(achieve).thenThrows(GoalAlreadyAchieved);
    spec.given(drafted).when({ type: 'AchieveGoal', data: { goalId: 'x' } }).thenThrows(GoalNotFound);
  });
});
