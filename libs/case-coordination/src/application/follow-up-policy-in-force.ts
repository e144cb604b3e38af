import { ConfigError, type AppConfig } from '@iln/platform';
import { DEFAULT_FOLLOW_UP_POLICY, parsePolicyOverrides, type FollowUpPolicy } from '../domain/policy';

/** The follow-up policy the service runs with: DOMAIN.md's defaults and the operator's overrides. */
export abstract class FollowUpPolicyInForce {
  abstract readonly policy: Readonly<FollowUpPolicy>;
}

/**
 * Built once at start. A bad FOLLOW_UP_POLICY_FILE throws a ConfigError listing every
 * problem, so both apps refuse to start rather than run with a policy nobody chose.
 */
export function followUpPolicyFromConfig(config: AppConfig): FollowUpPolicyInForce {
  if (config.followUpPolicyOverrides === undefined) return { policy: DEFAULT_FOLLOW_UP_POLICY };
  const parsed = parsePolicyOverrides(config.followUpPolicyOverrides);
  if (!parsed.ok) throw new ConfigError(parsed.errors.map((e) => `FOLLOW_UP_POLICY_FILE: ${e}`));
  return { policy: Object.freeze(parsed.policy) };
}
