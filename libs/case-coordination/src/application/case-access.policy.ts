import { hasRole, worksIn, type Principal } from '../access/principal';
import type { CaseCommand } from '../domain/commands';
import { CaseNotFound } from '../domain/errors';
import type { CaseState } from '../domain/state';
import { NotPermitted } from './application-errors';

/**
 * Who may run a command on a case, beyond the route's roles (checked at the HTTP edge).
 * Kept in one place so the full matrix (partners and consent, audit) can grow here.
 * A case the caller may not see is reported as not found: its existence is not revealed.
 */
export class CaseAccessPolicy {
  /** Opening: front door works for every locality; others only open cases where they work. */
  assertMayOpenIn(principal: Principal, localityId: string): void {
    if (hasRole(principal, 'front-door') || worksIn(principal, localityId)) return;
    throw new NotPermitted('You do not work in this locality.');
  }

  assertMayRun(principal: Principal, command: CaseCommand, state: CaseState): void {
    if (command.type === 'OpenCase') return this.assertMayOpenIn(principal, command.data.localityId);
    if (state.status === 'none' || !this.maySee(principal, state)) throw new CaseNotFound();
    // Anyone may pick up an unallocated case themselves; choosing someone else is a manager's call.
    if (
      command.type === 'AllocateCoordinator' &&
      command.data.practitionerId !== principal.id &&
      !hasRole(principal, 'team-manager')
    ) {
      throw new NotPermitted('Only a team manager may allocate a coordinator other than themselves.');
    }
  }

  /**
   * Partners see only cases whose care team includes them. TODO(security issue): and
   * whose consent covers their organisation, once consent is in the write-side state.
   */
  private maySee(principal: Principal, state: CaseState): boolean {
    if (this.isOnlyPartner(principal)) return state.careTeam.includes(principal.id);
    return state.localityId !== null && worksIn(principal, state.localityId);
  }

  private isOnlyPartner(principal: Principal): boolean {
    return hasRole(principal, 'partner') && !hasRole(principal, 'practitioner', 'team-manager', 'safeguarding-lead');
  }
}

/** The actor of commands the service sends itself (follow-up timers): every locality, no role. */
export function systemPrincipal(id: string, name: string): Principal {
  return { id, name, roles: [], organisation: 'system', teams: [], localities: ['*'] };
}
