export const ROLES = ['practitioner', 'team-manager', 'safeguarding-lead', 'front-door', 'partner', 'auditor', 'admin', 'records-officer'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in user, from the bearer token's claims (API.md "Authentication and roles"). */
export interface Principal {
  /** `sub`: the practitioner id. */
  id: string;
  name: string;
  roles: Role[];
  organisation: string;
  teams: string[];
  /** Locality ids the user works in; `['*']` means all. */
  localities: string[];
}

export function hasRole(p: Principal, ...roles: Role[]): boolean {
  return roles.some((r) => p.roles.includes(r));
}

export function worksIn(p: Principal, localityId: string): boolean {
  return p.localities.includes('*') || p.localities.includes(localityId);
}
