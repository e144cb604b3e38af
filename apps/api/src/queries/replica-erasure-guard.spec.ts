import { ProblemException } from '@iln/platform';
import type { CaseDisposal } from '@iln/case-coordination';
import { ReplicaErasureGuard } from './replica-erasure-guard';

const ERASED = '11111111-1111-4111-8111-111111111111';
const KEPT = '22222222-2222-4222-8222-222222222222';
const ERASED_AT = '2026-11-30T10:00:00.000Z';

function guardOn(erased: string[]) {
  const asked: string[][] = [];
  const disposal = {
    erasedAmong: async (ids: readonly string[]) => {
      asked.push([...ids]);
      return new Map(ids.filter((id) => erased.includes(id)).map((id) => [id, ERASED_AT]));
    },
  } as unknown as CaseDisposal;
  return { guard: new ReplicaErasureGuard(disposal), asked };
}

describe('ReplicaErasureGuard (answers read on a replica, checked against the primary)', () => {
  it('drops every list item about a case erased on the primary and counts it off the page total', async () => {
    const { guard, asked } = guardOn([ERASED]);
    const page = { items: [{ caseId: ERASED, residentName: 'Ada Erased' }, { caseId: KEPT, residentName: 'Bo Kept' }], total: 7, page: 1, pageSize: 2 };
    expect(await guard.check(page, undefined)).toEqual({ items: [{ caseId: KEPT, residentName: 'Bo Kept' }], total: 6, page: 1, pageSize: 2 });
    expect(asked).toEqual([[ERASED, KEPT]]);
  });

  it('finds case ids at any depth (a team\'s residents, a caseload\'s cases)', async () => {
    const { guard } = guardOn([ERASED]);
    const capacity = { teamId: 'wellbeing-grays', hours: 30, cases: [{ caseId: ERASED, hours: 4 }, { caseId: KEPT, hours: 6 }], groups: [{ cases: [{ caseId: ERASED }] }] };
    expect(await guard.check(capacity, undefined)).toEqual({ teamId: 'wellbeing-grays', hours: 30, cases: [{ caseId: KEPT, hours: 6 }], groups: [{ cases: [] }] });
  });

  it('answers 410 case-erased for a route about an erased case, whatever the replica returned', async () => {
    const { guard } = guardOn([ERASED]);
    const refused = await guard.check({ caseId: ERASED, residentName: 'Ada Erased' }, ERASED).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProblemException);
    expect((refused as ProblemException).getStatus()).toBe(410);
    expect((refused as ProblemException).getResponse()).toMatchObject({ type: '/problems/case-erased', caseId: ERASED, erasedAt: ERASED_AT });
    // Notes and timelines carry no caseId in their items: the route's id is checked all the same.
    await expect(guard.check({ items: [{ text: 'a note' }], total: 1 }, ERASED)).rejects.toBeInstanceOf(ProblemException);
  });

  it('leaves answers about no erased case as they are, and asks the primary nothing when no case is named', async () => {
    const { guard, asked } = guardOn([]);
    const page = { items: [{ caseId: KEPT }], total: 1 };
    expect(await guard.check(page, undefined)).toBe(page);
    const dashboard = { localityId: 'grays', referrals: 4 };
    expect(await guard.check(dashboard, undefined)).toBe(dashboard);
    expect(asked).toEqual([[KEPT]]);
  });
});
