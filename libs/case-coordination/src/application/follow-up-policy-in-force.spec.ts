import { ConfigError, type AppConfig } from '@iln/platform';
import { DEFAULT_FOLLOW_UP_POLICY } from '../domain/policy';
import { followUpPolicyFromConfig } from './follow-up-policy-in-force';

const withOverrides = (followUpPolicyOverrides: unknown) => ({ followUpPolicyOverrides }) as AppConfig;

describe('the follow-up policy in force', () => {
  it('is the default policy without a policy file', () => {
    expect(followUpPolicyFromConfig(withOverrides(undefined)).policy).toEqual(DEFAULT_FOLLOW_UP_POLICY);
  });

  it('applies the overrides over the defaults', () => {
    const { policy } = followUpPolicyFromConfig(withOverrides({ 'allocate-coordinator': 'PT3S', 'escalation-grace': { hours: 1 } }));
    expect(policy['allocate-coordinator']).toEqual({ iso: 'PT3S' });
    expect(policy['escalation-grace']).toEqual({ hours: 1 });
    expect(policy['accept-handover']).toEqual({ workingDays: 2 });
  });

  it('stops the start with a ConfigError naming the variable, one line per problem', () => {
    let error: unknown;
    try {
      followUpPolicyFromConfig(withOverrides({ 'allocate-coordinator': 'soon', 'tea-break': { hours: 1 } }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^FOLLOW_UP_POLICY_FILE: follow-up policy: "allocate-coordinator" has an invalid ISO 8601 duration/);
    expect(problems[1]).toMatch(/^FOLLOW_UP_POLICY_FILE: follow-up policy: unknown key "tea-break"/);
  });
});
