import { LOCALITIES, PRACTITIONERS } from '@iln/case-coordination/seed/reference-data.seed';
import type { Principal, Role } from '@iln/case-coordination/access/principal';

/** A person one may sign in as with AUTH_MODE=dev: the seeded staff plus the other roles the journeys need. */
export interface Persona extends Principal {
  /** "Taylor Exampleton, team manager, Grays" */
  label: string;
}

const localityName = (id: string) => (id === '*' ? 'all localities' : (LOCALITIES.find((l) => l.id === id)?.name ?? id));
const roleWords = (roles: readonly string[]) => roles.map((r) => r.replace(/-/g, ' ')).join(' and ');

function persona(id: string, name: string, roles: Role[], organisation: string, teams: string[], localities: string[], roleLabel?: string): Persona {
  return { id, name, roles, organisation, teams, localities, label: `${name}, ${roleLabel ?? roleWords(roles)}, ${localities.map(localityName).join(', ')}` };
}

// People who are not council staff in a locality team, so not in the practitioners table:
// fictional, like the seed's.
const OTHERS: Persona[] = [
  // A partner's team is the specialist service they answer for (GET /api/worklist).
  persona('p-nelft-1', 'Jesse Nursington', ['partner'], 'nelft', ['community-nursing'], ['*'], 'community nurse (NELFT), partner'),
  persona('p-eput-1', 'Morgan Mindwell', ['partner'], 'eput', ['mental-health'], ['*'], 'mental health nurse (EPUT), partner'),
  persona('p-front-door-1', 'Frankie Frontwell', ['front-door'], 'thurrock-council', ['thurrock-first'], ['*'], 'front door'),
  persona('p-auditor-1', 'Ari Checkley', ['auditor'], 'thurrock-council', [], ['*']),
  persona('p-admin-1', 'Dana Configurer', ['admin'], 'thurrock-council', [], ['*']),
];

export const PERSONAS: Persona[] = [
  ...PRACTITIONERS.map((p) => persona(p.id, p.name, p.roles as Role[], 'thurrock-council', p.teamId ? [p.teamId] : [], [p.localityId])),
  ...OTHERS,
];

export function findPersona(id: unknown): Persona | undefined {
  return typeof id === 'string' ? PERSONAS.find((p) => p.id === id) : undefined;
}

/** Practitioners one may allocate or hand a case over to, in a locality (from the seed, as the API has no directory yet). */
export function practitionersIn(localityId: string): Array<{ id: string; name: string; teamId: string }> {
  return PRACTITIONERS.filter((p) => p.localityId === localityId && (p.roles.includes('practitioner') || p.roles.includes('team-manager'))).map((p) => ({
    id: p.id,
    name: p.name,
    teamId: p.teamId,
  }));
}

export const ALL_PRACTITIONERS = PRACTITIONERS;
