import { randomBytes } from 'node:crypto';
import type { AuthMode } from './app-config';

// AUTH_MODE, DEV_TOKEN_SECRET and OIDC_*: read by loadConfig for the API.

/** Where a claim is read from: a top-level name, or a dotted path into nested objects. */
export interface OidcClaimNames {
  sub: string;
  name: string;
  roles: string;
  organisation: string;
  localities: string;
  teams: string;
}

export interface OidcConfig {
  issuer: string;
  audience: string;
  /** OIDC_JWKS_URL; without it the issuer's discovery document names the JWKS. */
  jwksUrl?: string;
  claims: OidcClaimNames;
}

const AUTH_MODES: AuthMode[] = ['dev', 'oidc'];
const DEV_SECRET_MIN_LENGTH = 32;
const CLAIM_PATH = /^[A-Za-z0-9_:/.-]{1,200}$/;
/** The claims under their own names: dev tokens, and OIDC where no OIDC_CLAIM_* says otherwise. */
export const STANDARD_CLAIM_NAMES: Readonly<OidcClaimNames> = {
  sub: 'sub',
  name: 'name',
  roles: 'roles',
  organisation: 'organisation',
  localities: 'localities',
  teams: 'teams',
};
const CLAIM_VARS: Record<keyof OidcClaimNames, string> = {
  sub: 'OIDC_CLAIM_SUB',
  name: 'OIDC_CLAIM_NAME',
  roles: 'OIDC_CLAIM_ROLES',
  organisation: 'OIDC_CLAIM_ORGANISATION',
  localities: 'OIDC_CLAIM_LOCALITIES',
  teams: 'OIDC_CLAIM_TEAMS',
};

/**
 * Dev mode is never assumed: a service that silently issued its own tokens because a
 * variable was forgotten would accept anyone. Its tokens are signed with a secret made
 * at each start unless one is given, so no known secret ships with the code.
 */
export function authConfig(
  env: NodeJS.ProcessEnv,
  nodeEnv: string,
  problems: string[],
  urlVar: (name: string, protocols: string[], required: boolean) => string | undefined,
): { authMode?: AuthMode; oidc?: OidcConfig; devTokenSecret?: string } {
  const raw = env.AUTH_MODE;
  if (raw === undefined || raw === '') {
    problems.push(
      `AUTH_MODE: required, expected ${nodeEnv === 'production' ? 'oidc' : 'oidc or dev (dev issues its own tokens, for local use)'}`,
    );
    return {};
  }
  if (!AUTH_MODES.includes(raw as AuthMode)) {
    problems.push(`AUTH_MODE: expected one of ${AUTH_MODES.join(', ')}, got "${raw}"`);
    return {};
  }
  const authMode = raw as AuthMode;
  if (authMode === 'dev') {
    if (nodeEnv === 'production') {
      problems.push(
        'AUTH_MODE: dev issues its own tokens and is refused when NODE_ENV=production; use oidc',
      );
      return { authMode };
    }
    const given = env.DEV_TOKEN_SECRET;
    if (given !== undefined && given !== '' && given.length < DEV_SECRET_MIN_LENGTH) {
      problems.push(
        `DEV_TOKEN_SECRET: too short, expected at least ${DEV_SECRET_MIN_LENGTH} characters (or leave it unset for a fresh secret at each start)`,
      );
    }
    return { authMode, devTokenSecret: given || randomBytes(32).toString('base64url') };
  }
  const issuer = urlVar('OIDC_ISSUER', ['https:', 'http:'], true);
  const jwksUrl = urlVar('OIDC_JWKS_URL', ['https:', 'http:'], false);
  const audience = env.OIDC_AUDIENCE;
  if (!audience)
    problems.push(
      'OIDC_AUDIENCE: required when AUTH_MODE=oidc (the API audience in issued tokens)',
    );
  const claims = { ...STANDARD_CLAIM_NAMES };
  for (const key of Object.keys(CLAIM_VARS) as Array<keyof OidcClaimNames>) {
    const value = env[CLAIM_VARS[key]];
    if (value === undefined || value === '') continue;
    if (!CLAIM_PATH.test(value) || value.split('.').some((part) => part === '')) {
      problems.push(
        `${CLAIM_VARS[key]}: expected a claim name or a dotted path such as realm_access.roles, got "${value}"`,
      );
    } else {
      claims[key] = value;
    }
  }
  return { authMode, oidc: issuer && audience ? { issuer, audience, jwksUrl, claims } : undefined };
}
