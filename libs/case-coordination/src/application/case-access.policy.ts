import { actingRolesOn, mayFindCase, mayRunCommand, mayRunCommandOn, type CaseAccessFacts } from '../access/case-access';
import type { Principal, Role } from '../access/principal';
import type { CaseCommand } from '../domain/commands';
import { CaseNotFound } from '../domain/errors';
import { NotPermitted } from './application-errors';

// Sent only by the service itself (the follow-up timer); no HTTP route exposes them.
const SERVICE_COMMANDS: ReadonlySet<CaseCommand['type']> = new Set(['MarkFollowUpOverdue', 'EscalateFollowUp']);

/**
 * The command side of access (access/case-access.ts holds the rules shared with the
 * queries): checked on the case as folded just before deciding, so every caller of
 * CaseCommands, HTTP or not, gets the same answer. A case the caller may not know of is
 * reported as not found; one they may see but not act on is refused (403).
 */
export class CaseAccessPolicy {
  /** Opening: the front door works for every locality; case workers open cases where they work. */
  assertMayOpenIn(principal: Principal, localityId: string): void {
    if (!mayRunCommand(principal, 'OpenCase')) throw new NotPermitted('Your role may not open cases.');
    if (mayRunCommandOn(principal, openingFacts(localityId), 'OpenCase')) return;
    throw new NotPermitted('You do not work in this locality.');
  }

  assertMayRun(principal: Principal, command: CaseCommand, exists: boolean, facts: CaseAccessFacts): void {
    if (SERVICE_COMMANDS.has(command.type)) return;
    if (command.type === 'OpenCase') return this.assertMayOpenIn(principal, command.data.localityId);
    const allowed = exists && mayRunCommandOn(principal, facts, command.type);
    if (!exists || (!allowed && !mayFindCase(principal, facts))) throw new CaseNotFound();
    if (!mayRunCommand(principal, command.type)) throw new NotPermitted('Your role may not do this.');
    if (!allowed) throw new NotPermitted('Your roles do not let you act on this case.');
    // Anyone may pick up an unallocated case themselves; choosing someone else is a manager's call.
    if (command.type === 'AllocateCoordinator' && command.data.practitionerId !== principal.id && !actingRolesOn(principal, facts, command.type).includes('team-manager')) {
      throw new NotPermitted('Only a team manager may allocate a coordinator other than themselves.');
    }
  }

  /** The roles the decider sees: those the caller holds on this case, never those whose reach is elsewhere. */
  rolesFor(principal: Principal, command: CaseCommand, facts: CaseAccessFacts): Role[] {
    if (SERVICE_COMMANDS.has(command.type)) return principal.roles;
    const on = command.type === 'OpenCase' ? openingFacts(command.data.localityId) : facts;
    return actingRolesOn(principal, on, command.type);
  }
}

function openingFacts(localityId: string): CaseAccessFacts {
  return { localityId, coordinatorId: null, careTeam: [], consent: null, pendingHandoverTo: null };
}

/** The actor of commands the service sends itself (follow-up timers): every locality, no role. */
export function systemPrincipal(id: string, name: string): Principal {
  return { id, name, roles: [], organisation: 'system', teams: [], localities: ['*'] };
}
