import type { RecordedEvent } from '@iln/event-store';
import { asCaseEvent } from '../../projections/projection';
import { fullHistory, recorded } from '../read-model.fixtures';
import { BOROUGH, contributions, foldCaseFacts, londonDate, NO_DAY, type CaseFacts } from './dashboard-facts';
import { ContributionDelta } from './dashboard.projection';

const fold = (events: readonly RecordedEvent[], facts: CaseFacts | null = null): CaseFacts | null =>
  events.reduce((f, r) => foldCaseFacts(f, asCaseEvent(r)!), facts);

const later = (events: RecordedEvent[], type: string, data: Record<string, unknown>): RecordedEvent => {
  const last = events[events.length - 1];
  return { ...last, eventId: `${last.eventId}+`, type, data, version: last.version + 1 };
};

/** The counts of one measure in a scope, with no day (of now) or on any day. */
const counted = (facts: CaseFacts | null, scope: string, measure: string, day?: string) =>
  contributions(facts)
    .counts.filter((c) => c.scope === scope && c.measure === measure && (day === undefined || c.day === day))
    .reduce((a, c) => a + c.n, 0);

describe('dashboard facts and counts', () => {
  const history = recorded(fullHistory());
  const facts = fold(history);

  it('keeps ids, codes, statuses and times of a case: no names, no free text', () => {
    const stored = JSON.stringify(facts);
    for (const personal of ['secret detail', 'falls advice', 'my garden', 'Basildon', 'private']) expect(stored).not.toContain(personal);
    expect(facts?.case.localityId).toBe('grays');
  });

  it('counts each case in its locality and in the borough, once now and once on its opening day', () => {
    const opened = londonDate(facts!.case.openedAt);
    for (const scope of ['grays', BOROUGH]) {
      expect(counted(facts, scope, 'open', NO_DAY)).toBe(1);
      expect(counted(facts, scope, 'opened', opened)).toBe(1);
    }
  });

  it('moves every count of a case to the receiving locality when it is transferred', () => {
    const moved = fold([later(history, 'CaseTransferred', { toLocalityId: 'asop', fromLocalityId: 'grays' })], facts);
    const delta = new ContributionDelta();
    delta.apply(contributions(facts), contributions(moved));
    const changed = [...delta.counts.values()].filter((d) => d.n.some((v) => v !== 0));
    // What grays loses, asop gains; the borough is unchanged.
    expect(changed.filter((d) => d.scope === 'grays').every((d) => d.n.every((v) => v <= 0))).toBe(true);
    expect(changed.filter((d) => d.scope === 'asop').every((d) => d.n.every((v) => v >= 0))).toBe(true);
    expect(changed.some((d) => d.scope === 'asop')).toBe(true);
    expect(changed.filter((d) => d.scope === BOROUGH)).toEqual([]);
  });

  it('keeps its counts when the case is erased (the counts are not personal data)', () => {
    const erased = fold([later(history, 'CaseErased', { reason: null, by: { id: 'x', name: 'X' }, erasedAt: '2026-11-30T10:00:00.000Z' })], facts);
    expect(erased).toEqual(facts);
  });

  it("folds an erased case's events, their personal fields shredded, to the same facts", () => {
    const shredded = history.map((r) =>
      r.type === 'CaseOpened' || r.type === 'SafeguardingConcernRaised'
        ? { ...r, data: { ...(r.data as object), resident: null, raisedBy: null, summary: null } }
        : r.type === 'ResidentDetailsCorrected'
          ? { ...r, data: { ...(r.data as object), resident: null } }
          : r,
    );
    expect(fold(shredded)).toEqual(facts);
  });

  it('gives no counts before the case is opened', () => {
    expect(contributions(null)).toEqual({ counts: [], items: [] });
    expect(fold(history.slice(1))).toBeNull();
  });
});

describe('londonDate', () => {
  it('is the Europe/London calendar day, in summer and winter time', () => {
    expect(londonDate('2026-06-30T23:30:00.000Z')).toBe('2026-07-01');
    expect(londonDate('2026-12-31T23:30:00.000Z')).toBe('2026-12-31');
    expect(londonDate('2026-03-29T00:59:59.999Z')).toBe('2026-03-29');
    expect(londonDate('2026-10-24T23:00:00.000Z')).toBe('2026-10-25');
  });
});
