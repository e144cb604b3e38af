import { randomUUID } from 'node:crypto';
import { openCaseBody } from './api-client';

export interface MixRequest {
  method: string;
  path: string;
  body: unknown;
}

const SERVICES = ['mental-health', 'community-nursing', 'occupational-therapy', 'falls', 'housing'];

/**
 * A working day's command mix on open cases, weighted like practitioners' use: mostly
 * notes, then plans, specialist inputs, consent, care-team changes, new cases and the
 * occasional safeguarding concern. Every command here is valid on any open case, so
 * refusals (409) show a problem rather than the mix.
 */
const MIX: Array<{ weight: number; make: (caseId: string) => MixRequest }> = [
  { weight: 35, make: (id) => ({ method: 'POST', path: `/api/cases/${id}/notes`, body: { text: 'Visited; resident well, carer coping. Reviewed medication and falls risk.' } }) },
  {
    weight: 15,
    make: (id) => ({
      method: 'PUT',
      path: `/api/cases/${id}/care-plan`,
      body: {
        whatMatters: 'Staying at home safely',
        goals: [{ id: 'g1', description: 'Move around the house safely' }],
        actions: [{ id: 'a1', description: 'Fit grab rails', owner: { kind: 'team', id: 'occupational-therapy', name: 'OT' }, goalId: 'g1' }],
      },
    }),
  },
  {
    weight: 15,
    make: (id) => ({
      method: 'POST',
      path: `/api/cases/${id}/specialist-inputs`,
      body: { serviceId: SERVICES[Math.floor(Math.random() * SERVICES.length)], mode: 'brokered', urgency: 'routine', request: 'Assessment please' },
    }),
  },
  { weight: 10, make: (id) => ({ method: 'POST', path: `/api/cases/${id}/consent`, body: { status: 'given', organisations: ['nhs', 'council'] } }) },
  {
    weight: 10,
    make: (id) => ({
      method: 'POST',
      path: `/api/cases/${id}/care-team`,
      body: { memberId: `m-${randomUUID().slice(0, 8)}`, name: 'District Nurse', organisation: 'NHS', role: 'nurse' },
    }),
  },
  { weight: 10, make: () => ({ method: 'POST', path: '/api/cases', body: openCaseBody(Math.floor(Math.random() * 1e6)) }) },
  {
    weight: 5,
    make: (id) => ({ method: 'POST', path: `/api/cases/${id}/safeguarding-concerns`, body: { categories: ['neglect'], risk: 'medium', summary: 'Concern raised at visit' } }),
  },
];
const TOTAL = MIX.reduce((s, m) => s + m.weight, 0);

export function nextCommand(caseIds: readonly string[]): MixRequest {
  const caseId = caseIds[Math.floor(Math.random() * caseIds.length)];
  let r = Math.random() * TOTAL;
  for (const m of MIX) {
    r -= m.weight;
    if (r < 0) return m.make(caseId);
  }
  return MIX[0].make(caseId);
}
