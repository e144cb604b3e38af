// The 11 callers both authorisation matrices are written against: every role, a
// coordinator and a raiser, a practitioner/manager of another locality, and partners with
// and without consent. One definition, so the two tables always mean the same people.
export type Who = 'P' | 'CO' | 'RA' | 'TM' | 'SL' | 'OL' | 'FD' | 'PC' | 'PX' | 'AU' | 'AD';

export const PEOPLE: Record<Who, { sub: string; roles: string[]; organisation: string; localities: string[] }> = {
  P: { sub: 'p-grays', roles: ['practitioner'], organisation: 'thurrock-council', localities: ['grays'] },
  CO: { sub: 'p-coord', roles: ['practitioner'], organisation: 'thurrock-council', localities: ['grays'] },
  RA: { sub: 'p-raiser', roles: ['practitioner'], organisation: 'thurrock-council', localities: ['grays'] },
  TM: { sub: 'tm-grays', roles: ['team-manager'], organisation: 'thurrock-council', localities: ['grays'] },
  SL: { sub: 'sl-grays', roles: ['safeguarding-lead'], organisation: 'thurrock-council', localities: ['grays'] },
  OL: { sub: 'p-asop', roles: ['practitioner', 'team-manager'], organisation: 'thurrock-council', localities: ['asop'] },
  FD: { sub: 'fd-1', roles: ['front-door'], organisation: 'thurrock-council', localities: [] },
  PC: { sub: 'nhs-1', roles: ['partner'], organisation: 'nelft', localities: [] },
  PX: { sub: 'nhs-2', roles: ['partner'], organisation: 'nelft', localities: [] },
  AU: { sub: 'aud-1', roles: ['auditor'], organisation: 'thurrock-council', localities: [] },
  AD: { sub: 'adm-1', roles: ['admin'], organisation: 'thurrock-council', localities: ['*'] },
};

export const EVERYONE = Object.keys(PEOPLE) as Who[];
