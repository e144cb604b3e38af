import { weekendCalendar } from './case-spec.fixtures';
import { DEFAULT_FOLLOW_UP_POLICY, dueAt, parsePolicyOverrides, responseTarget } from './policy';

const from = new Date('2026-01-31T09:00:00.000Z'); // a Saturday
const due = (d: Parameters<typeof dueAt>[1]) => dueAt(from, d, weekendCalendar).toISOString();

describe('follow-up due times', () => {
  it('handles each duration form', () => {
    expect(due({ workingDays: 1 })).toBe('2026-02-02T09:00:00.000Z');
    expect(due({ hours: 2 })).toBe('2026-01-31T11:00:00.000Z');
    expect(due({ days: 3 })).toBe('2026-02-03T09:00:00.000Z');
    expect(due({ iso: 'PT3S' })).toBe('2026-01-31T09:00:03.000Z');
    expect(due({ iso: 'P8W' })).toBe('2026-03-28T09:00:00.000Z');
    expect(due({ iso: 'P1Y2M3DT4H5M6S' })).toBe('2027-04-03T13:05:06.000Z');
  });

  it('clamps month arithmetic to the end of a shorter month', () => {
    expect(due({ iso: 'P1M' })).toBe('2026-02-28T09:00:00.000Z');
  });
});

describe('policy overrides', () => {
  it('merges valid overrides over the defaults', () => {
    const result = parsePolicyOverrides({ 'allocate-coordinator': 'PT3S', 'escalation-grace': { hours: 4 }, 'care-plan-review': { iso: 'P6M' } });
    expect(result).toEqual({
      ok: true,
      policy: { ...DEFAULT_FOLLOW_UP_POLICY, 'allocate-coordinator': { iso: 'PT3S' }, 'escalation-grace': { hours: 4 }, 'care-plan-review': { iso: 'P6M' } },
    });
  });

  it('reports every problem, one line each', () => {
    const result = parsePolicyOverrides({
      'allocate-coordinatr': { days: 1 },
      'care-plan-action': { days: 1 },
      'accept-handover': 'three days',
      'section42-enquiry': { workingDays: 1.5 },
      'safeguarding-decision': { hours: -1 },
      'post-discharge-welfare-check': { days: 1, hours: 2 },
      'reablement-91-day-check': 'P',
    });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toHaveLength(7);
    expect(errors[0]).toMatch(/unknown key "allocate-coordinatr"/);
    expect(errors[1]).toMatch(/care-plan-action/);
    expect(errors[2]).toMatch(/"accept-handover" has an invalid ISO 8601 duration/);
  });

  it("sets one service's response target with specialist-input-<urgency>:<serviceId>, and refuses other shapes of that key", () => {
    expect(parsePolicyOverrides({ 'specialist-input-urgent:falls': { hours: 4 } })).toEqual({
      ok: true,
      policy: { ...DEFAULT_FOLLOW_UP_POLICY, 'specialist-input-urgent:falls': { hours: 4 } },
    });
    const bad = parsePolicyOverrides({ 'specialist-input-soon:falls': { hours: 4 }, 'specialist-input-urgent:': { hours: 4 }, 'specialist-input-urgent:Falls!': { hours: 4 }, 'specialist-input-crisis:falls': 'never' });
    expect(bad.ok ? [] : bad.errors).toHaveLength(4);
  });

  it("answers a service's own target, else its urgency's", () => {
    const policy = { ...DEFAULT_FOLLOW_UP_POLICY, 'specialist-input-urgent:falls': { hours: 4 } };
    expect(responseTarget(policy, 'urgent', 'falls')).toEqual({ hours: 4 });
    expect(responseTarget(policy, 'crisis', 'falls')).toEqual({ hours: 2 });
    expect(responseTarget(policy, 'crisis', 'mental-health')).toEqual({ hours: 24 });
    expect(responseTarget(policy, 'routine', 'reablement')).toEqual({ workingDays: 2 });
  });

  it('refuses anything but an object', () => {
    expect(parsePolicyOverrides([])).toMatchObject({ ok: false });
    expect(parsePolicyOverrides('PT3S')).toMatchObject({ ok: false });
  });
});
