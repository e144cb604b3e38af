import type { CaseEvent } from '../domain/events';
import {
  COMMAND_ROLES,
  NO_ACCESS_FACTS,
  evolveAccessFacts,
  mayReadAggregates,
  mayReadCaseContent,
  mayRunCommand,
  mayFindCase,
  mayRunCommandOn,
  maySeeCase,
  maySeeRestricted,
  rolesOnCase,
  type CaseAccessFacts,
} from './case-access';
import type { Principal, Role } from './principal';

const who = (roles: Role[], extra: Partial<Principal> = {}): Principal => ({
  id: 'u-1',
  name: 'User',
  roles,
  organisation: 'thurrock-council',
  teams: [],
  localities: ['grays'],
  ...extra,
});

const grays: CaseAccessFacts = {
  localityId: 'grays',
  coordinatorId: 'coord-1',
  careTeam: [{ memberId: 'nhs-nurse' }],
  consent: { organisations: [{ organisation: 'nelft', status: 'given' }] },
};
const consentOf = (...entries: Array<[string, string]>) => ({ organisations: entries.map(([organisation, status]) => ({ organisation, status })), overrides: [] });
const tilbury: CaseAccessFacts = { ...grays, localityId: 'tilbury-chadwell' };

describe('case access policy', () => {
  it.each<[string, Principal, CaseAccessFacts, boolean]>([
    ['practitioner in their locality', who(['practitioner']), grays, true],
    ['practitioner elsewhere', who(['practitioner']), tilbury, false],
    ['practitioner working everywhere', who(['practitioner'], { localities: ['*'] }), tilbury, true],
    ['team manager elsewhere', who(['team-manager']), tilbury, false],
    ['safeguarding lead elsewhere', who(['safeguarding-lead']), tilbury, false],
    ['front door, any locality (summary only, no content)', who(['front-door'], { localities: [] }), tilbury, false],
    ['auditor, any locality', who(['auditor'], { localities: [] }), tilbury, true],
    ['admin, even in their locality', who(['admin']), grays, false],
    ['partner in the care team with consent for their organisation', who(['partner'], { id: 'nhs-nurse', organisation: 'nelft' }), grays, true],
    ['partner in the care team, consent for another organisation', who(['partner'], { id: 'nhs-nurse', organisation: 'other-trust' }), grays, false],
    ['partner in the care team, consent refused', who(['partner'], { id: 'nhs-nurse', organisation: 'nelft' }), { ...grays, consent: consentOf(['nelft', 'refused']) }, false],
    ['partner in the care team, best-interests decision', who(['partner'], { id: 'nhs-nurse', organisation: 'nelft' }), { ...grays, consent: consentOf(['nelft', 'best-interests']) }, true],
    ['partner, refused for them and given to another organisation', who(['partner'], { id: 'nhs-nurse', organisation: 'nelft' }), { ...grays, consent: consentOf(['nelft', 'refused'], ['charity', 'given']) }, false],
    ['partner, given for them and refused to another organisation', who(['partner'], { id: 'nhs-nurse', organisation: 'nelft' }), { ...grays, consent: consentOf(['nelft', 'given'], ['charity', 'refused']) }, true],
    ['partner, refused but a safeguarding override for their organisation', who(['partner'], { id: 'nhs-nurse', organisation: 'nelft' }), { ...grays, consent: { ...consentOf(['nelft', 'refused']), overrides: [{ organisation: 'nelft' }] } }, true],
    ['partner, refused and an override for another organisation', who(['partner'], { id: 'nhs-nurse', organisation: 'nelft' }), { ...grays, consent: { ...consentOf(['nelft', 'refused']), overrides: [{ organisation: 'charity' }] } }, false],
    ['partner with an override but not on the care team', who(['partner'], { id: 'other', organisation: 'nelft' }), { ...grays, consent: { ...consentOf(['nelft', 'refused']), overrides: [{ organisation: 'nelft' }] } }, false],
    ['partner with no organisation', who(['partner'], { id: 'nhs-nurse', organisation: '' }), { ...grays, consent: { ...consentOf(['', 'given']), overrides: [{ organisation: '' }] } }, false],
    ['partner in the care team, no consent recorded', who(['partner'], { id: 'nhs-nurse', organisation: 'nelft' }), { ...grays, consent: null }, false],
    ['partner not in the care team, even in the locality', who(['partner'], { organisation: 'nelft' }), grays, false],
    ['no roles at all', who([]), grays, false],
  ])('%s → %s', (_why, p, facts, expected) => {
    expect(maySeeCase(p, facts)).toBe(expected);
  });

  it('gives safeguarding detail to leads, the coordinator and the author only', () => {
    expect(maySeeRestricted(who(['safeguarding-lead']), grays, 'someone')).toBe(true);
    expect(maySeeRestricted(who(['practitioner'], { id: 'coord-1' }), grays, 'someone')).toBe(true);
    expect(maySeeRestricted(who(['partner'], { id: 'raiser' }), grays, 'raiser')).toBe(true);
    expect(maySeeRestricted(who(['practitioner']), grays, 'someone')).toBe(false);
    expect(maySeeRestricted(who(['team-manager']), grays, null)).toBe(false);
    expect(maySeeRestricted(who(['auditor']), grays, 'someone')).toBe(false);
    expect(maySeeRestricted(who(['auditor', 'safeguarding-lead']), grays, 'someone')).toBe(true);
    // A lead's reach is their localities: elsewhere (readable as an auditor) they get no detail.
    expect(maySeeRestricted(who(['auditor', 'safeguarding-lead']), tilbury, 'someone')).toBe(false);
  });

  describe('roles combine, each within its own reach', () => {
    const partnerFrontDoor = who(['partner', 'front-door'], { id: 'nhs-other', organisation: 'nelft', localities: [] });
    const practitionerAuditor = who(['practitioner', 'auditor'], { localities: ['asop'] });

    it('[partner, front-door] outside the care team finds the case, reads nothing, and may only record a contact', () => {
      expect(mayFindCase(partnerFrontDoor, grays)).toBe(true);
      expect(maySeeCase(partnerFrontDoor, grays)).toBe(false);
      expect(mayRunCommandOn(partnerFrontDoor, grays, 'AddNote')).toBe(true);
      expect(mayRunCommandOn(partnerFrontDoor, grays, 'RaiseSafeguardingConcern')).toBe(false);
      expect(maySeeCase({ ...partnerFrontDoor, id: 'nhs-nurse' }, grays)).toBe(true);
    });

    it('[practitioner, auditor] reads everywhere and acts only where they work', () => {
      expect(maySeeCase(practitionerAuditor, grays)).toBe(true);
      expect(rolesOnCase(practitionerAuditor, grays)).toEqual(['auditor']);
      expect(mayRunCommandOn(practitionerAuditor, grays, 'AddNote')).toBe(false);
      expect(mayRunCommandOn(practitionerAuditor, grays, 'TransferCase')).toBe(false);
      expect(mayRunCommandOn(practitionerAuditor, { ...grays, localityId: 'asop' }, 'TransferCase')).toBe(true);
    });

    it('a team manager of another locality is no manager on this case', () => {
      expect(rolesOnCase(who(['team-manager'], { localities: ['asop'] }), grays)).toEqual([]);
      expect(rolesOnCase(who(['team-manager', 'auditor'], { localities: ['asop'] }), grays)).toEqual(['auditor']);
    });
  });

  describe('a relationship admits regardless of locality while it lasts', () => {
    it('the coordinator and a non-partner care team member act as practitioners on it', () => {
      const coordinator = who(['team-manager'], { id: 'coord-1', localities: ['asop'] });
      expect(rolesOnCase(coordinator, tilbury)).toEqual(['practitioner']);
      expect(mayRunCommandOn(coordinator, tilbury, 'AddNote')).toBe(true);
      const member = who(['practitioner'], { id: 'ot-1', localities: ['asop'] });
      expect(maySeeCase(member, { ...tilbury, careTeam: [{ memberId: 'ot-1' }] })).toBe(true);
      expect(maySeeCase(member, tilbury)).toBe(false);
    });

    it('partners still need consent, and a former coordinator has nothing', () => {
      const nurse = who(['partner'], { id: 'nhs-nurse', organisation: 'nelft', localities: [] });
      expect(maySeeCase(nurse, { ...tilbury, consent: consentOf(['nelft', 'refused']) })).toBe(false);
      expect(maySeeCase(who(['practitioner'], { id: 'coord-0', localities: ['asop'] }), tilbury)).toBe(false);
    });

    it('the receiver of a pending hand-over may answer it, and only that', () => {
      const receiver = who(['practitioner'], { id: 'p-recv', localities: ['asop'] });
      const pending = { ...tilbury, pendingHandoverTo: 'p-recv' };
      expect(mayRunCommandOn(receiver, pending, 'AcceptHandover')).toBe(true);
      expect(mayRunCommandOn(receiver, pending, 'DeclineHandover')).toBe(true);
      expect(mayRunCommandOn(receiver, pending, 'AddNote')).toBe(false);
      expect(maySeeCase(receiver, pending)).toBe(false);
    });
  });

  it('lets no read-only or admin role send any command', () => {
    for (const type of Object.keys(COMMAND_ROLES) as Array<keyof typeof COMMAND_ROLES>) {
      expect(mayRunCommand(who(['auditor']), type)).toBe(false);
      expect(mayRunCommand(who(['admin']), type)).toBe(false);
    }
    expect(mayRunCommand(who(['practitioner']), 'MarkFollowUpOverdue')).toBe(false);
  });

  it('gives a records officer no reach through the ordinary queries and commands, even as the coordinator working everywhere', () => {
    const officer = who(['records-officer'], { id: 'coord-1', localities: ['*'] });
    const onTeam = { ...grays, careTeam: [{ memberId: 'coord-1' }] };
    expect(rolesOnCase(officer, onTeam)).toEqual([]);
    expect(maySeeCase(officer, onTeam)).toBe(false);
    expect(mayFindCase(officer, onTeam)).toBe(false);
    expect(mayReadCaseContent(officer)).toBe(false);
    expect(mayReadAggregates(officer)).toBe(false);
    const commands = (Object.keys(COMMAND_ROLES) as Array<keyof typeof COMMAND_ROLES>).filter((t) => mayRunCommandOn(officer, onTeam, t));
    expect(commands.sort()).toEqual(['EraseCase', 'LiftLegalHold', 'PlaceLegalHold']);
  });

  it('keeps legal holds and erasure to records officers, on any case, and lends them nothing else', () => {
    const officer = who(['records-officer'], { localities: [] });
    expect(mayRunCommandOn(officer, tilbury, 'PlaceLegalHold')).toBe(true);
    expect(mayRunCommandOn(officer, tilbury, 'EraseCase')).toBe(true);
    for (const roles of [['admin'], ['auditor'], ['team-manager', 'safeguarding-lead'], ['front-door'], ['practitioner', 'team-manager', 'safeguarding-lead', 'partner', 'front-door', 'auditor', 'admin']] as Role[][]) {
      expect(mayRunCommandOn(who(roles, { localities: ['*'] }), grays, 'PlaceLegalHold')).toBe(false);
      expect(mayRunCommandOn(who(roles, { localities: ['*'] }), grays, 'LiftLegalHold')).toBe(false);
      expect(mayRunCommandOn(who(roles, { localities: ['*'] }), grays, 'EraseCase')).toBe(false);
    }
    expect(mayRunCommandOn(who(['records-officer', 'practitioner'], { localities: [] }), tilbury, 'AddNote')).toBe(false);
  });

  it('keeps enquiry decisions to safeguarding leads and lets the front door open cases and record contacts only', () => {
    expect(mayRunCommand(who(['practitioner', 'team-manager']), 'DecideSafeguardingConcern')).toBe(false);
    expect(mayRunCommand(who(['safeguarding-lead']), 'ConcludeSafeguardingEnquiry')).toBe(true);
    const frontDoor = (Object.keys(COMMAND_ROLES) as Array<keyof typeof COMMAND_ROLES>).filter((t) => mayRunCommand(who(['front-door']), t));
    expect(frontDoor.sort()).toEqual(['AddNote', 'OpenCase']);
  });

  it('keeps content from admins and the front door, aggregates for managers and auditors', () => {
    expect(mayReadCaseContent(who(['admin']))).toBe(false);
    expect(mayReadCaseContent(who(['front-door']))).toBe(false);
    expect(mayReadCaseContent(who(['auditor']))).toBe(true);
    expect(mayReadAggregates(who(['team-manager']))).toBe(true);
    expect(mayReadAggregates(who(['practitioner']))).toBe(false);
  });

  it('folds locality, coordinator, care team and consent from the events', () => {
    const events = [
      { type: 'CaseOpened', data: { localityId: 'grays' } },
      { type: 'CoordinatorAssigned', data: { practitionerId: 'p-9' } },
      { type: 'CareTeamMemberAdded', data: { memberId: 'nhs-nurse' } },
      { type: 'CareTeamMemberAdded', data: { memberId: 'gp-1' } },
      { type: 'CareTeamMemberRemoved', data: { memberId: 'gp-1' } },
      { type: 'ConsentRecorded', data: { status: 'given', organisations: ['nelft'] } },
      { type: 'ConsentRecorded', data: { status: 'refused', organisations: ['charity'], perOrganisation: true } },
      { type: 'HandoverProposed', data: { toPractitionerId: 'p-10' } },
      { type: 'CaseTransferred', data: { toLocalityId: 'asop' } },
      { type: 'NoteAdded', data: {} },
    ] as unknown as CaseEvent[];
    expect(events.reduce(evolveAccessFacts, NO_ACCESS_FACTS)).toEqual({
      localityId: 'asop',
      coordinatorId: 'p-9',
      careTeam: [{ memberId: 'nhs-nurse' }],
      consent: { organisations: [{ organisation: 'nelft', status: 'given' }, { organisation: 'charity', status: 'refused' }], overrides: [] },
      pendingHandoverTo: 'p-10',
    });
  });

  it('folds a pre-issue-13 consent event as replacing the whole record, a later one per organisation', () => {
    const consent = (data: object) => ({ type: 'ConsentRecorded', data }) as unknown as CaseEvent;
    const fold = (...events: CaseEvent[]) => events.reduce(evolveAccessFacts, NO_ACCESS_FACTS).consent;
    // v1: the second recording replaced the first, so nelft lost its consent.
    expect(fold(consent({ status: 'given', organisations: ['nelft'] }), consent({ status: 'given', organisations: ['eput'] }))?.organisations).toEqual([
      { organisation: 'eput', status: 'given' },
    ]);
    expect(fold(consent({ status: 'given', organisations: ['nelft'] }), consent({ status: 'given', organisations: ['eput'], perOrganisation: true }))?.organisations).toEqual([
      { organisation: 'nelft', status: 'given' },
      { organisation: 'eput', status: 'given' },
    ]);
  });

  it('ends every consent override when the safeguarding flag is lifted', () => {
    const nurse = who(['partner'], { id: 'nhs-nurse', organisation: 'nelft' });
    const events = [
      { type: 'CaseOpened', data: { localityId: 'grays' } },
      { type: 'CareTeamMemberAdded', data: { memberId: 'nhs-nurse' } },
      { type: 'ConsentRecorded', data: { status: 'refused', organisations: ['nelft'], perOrganisation: true } },
      { type: 'ConsentOverrideGranted', data: { organisation: 'nelft' } },
    ] as unknown as CaseEvent[];
    const overridden = events.reduce(evolveAccessFacts, NO_ACCESS_FACTS);
    expect(maySeeCase(nurse, overridden)).toBe(true);
    expect(maySeeCase(nurse, evolveAccessFacts(overridden, { type: 'SafeguardingFlagLifted', data: { reason: 'r', liftedAt: '' } }))).toBe(false);
    expect(maySeeCase(nurse, evolveAccessFacts(overridden, { type: 'ConsentOverrideLifted', data: { organisation: 'nelft' } } as unknown as CaseEvent))).toBe(false);
  });

  it('lets only safeguarding leads and team managers override consent', () => {
    expect(mayRunCommand(who(['practitioner']), 'GrantConsentOverride')).toBe(false);
    expect(mayRunCommand(who(['partner']), 'GrantConsentOverride')).toBe(false);
    expect(mayRunCommand(who(['safeguarding-lead']), 'GrantConsentOverride')).toBe(true);
    expect(mayRunCommand(who(['team-manager']), 'LiftConsentOverride')).toBe(true);
  });
});
