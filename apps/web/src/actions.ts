import type { ApiClient } from '@iln/api-client';
import type { CaseCommandType } from '@iln/case-coordination/domain/commands';
import { mayRunCommandOn, type CaseAccessFacts } from '@iln/case-coordination/access/case-access';
import type { Principal } from '@iln/case-coordination/access/principal';
import { LOCALITIES, SPECIALIST_SERVICES, TEAMS } from '@iln/case-coordination/seed/reference-data.seed';
import { instantFrom } from './format';
import { practitionersIn } from './personas';

// Every action of the case page (UI.md): its form, when it is offered, and the command it
// sends through the generated client. An action is offered only when the access policy
// the API itself uses (mayRunCommandOn) lets the caller send it on this case, and the
// case is in a state where it makes sense; the API stays the judge (403/404/409 shown in words).

/* eslint-disable @typescript-eslint/no-explicit-any */
export type CaseDoc = any;
export type Values = Record<string, any>;

export interface Option {
  value: string;
  text: string;
}
export interface Field {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'select' | 'radios' | 'checkboxes' | 'date' | 'datetime' | 'number' | 'checkbox';
  hint?: string;
  options?: Option[];
  /** API field paths whose errors belong to this field. */
  api?: string[];
}
export interface ActionDef {
  key: string;
  title: string;
  button: string;
  command: CaseCommandType;
  /** The section of the case page that offers it. */
  section: string;
  /** Item actions (an input, a concern, a follow-up) name the item. */
  item?: (c: CaseDoc, itemId: string) => any;
  fields: (c: CaseDoc, item: any) => Field[];
  when: (c: CaseDoc, item: any, p: Principal) => boolean;
  send: (api: ApiClient, c: CaseDoc, item: any, v: Values) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

const opts = (xs: ReadonlyArray<string>, label: (x: string) => string = (x) => x.charAt(0).toUpperCase() + x.slice(1).replace(/-/g, ' ')): Option[] =>
  xs.map((x) => ({ value: x, text: label(x) }));
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);
const path = (c: CaseDoc) => ({ path: { id: c.caseId as string } });
const open = (c: CaseDoc) => c.status === 'open';

const ORGANISATIONS = opts(['nelft', 'eput', 'mid-and-south-essex-nhs', 'thurrock-council', 'voluntary-sector'], (o) =>
  ({ nelft: 'NELFT', eput: 'EPUT', 'mid-and-south-essex-nhs': 'Mid and South Essex NHS', 'thurrock-council': 'Thurrock Council', 'voluntary-sector': 'Voluntary sector' })[o] ?? o,
);
const CATEGORIES = ['physical', 'domestic-abuse', 'sexual', 'psychological', 'financial', 'modern-slavery', 'discriminatory', 'organisational', 'neglect', 'self-neglect'];
const person = (c: CaseDoc) => practitionersIn(c.localityId).map((p) => ({ value: p.id, text: p.name }));
const personById = (id: string) => practitionersIn('asop').concat(practitionersIn('grays'), practitionersIn('tilbury-chadwell'), practitionersIn('stanford-corringham')).find((p) => p.id === id);
const reason: Field = { name: 'reason', label: 'Reason', kind: 'textarea' };

/** The access facts of a case document, as the API folds them. */
export function factsOf(c: CaseDoc): CaseAccessFacts {
  return {
    localityId: c.localityId ?? null,
    coordinatorId: c.coordinator?.id ?? null,
    careTeam: (c.careTeam ?? []).map((m: any) => ({ memberId: m.memberId })),
    consent: c.consent ? { organisations: c.consent.organisations ?? [], overrides: c.consent.overrides ?? [] } : null,
    pendingHandoverTo: c.pendingHandover?.toPractitionerId ?? null,
  };
}

export const ACTIONS: ActionDef[] = [
  {
    key: 'allocate', title: 'Allocate a coordinator', button: 'Allocate', command: 'AllocateCoordinator', section: 'coordination',
    fields: (c) => [{ name: 'practitionerId', label: 'Coordinator', kind: 'select', options: [{ value: '', text: 'Choose a practitioner' }, ...person(c)], api: ['practitionerId', 'practitionerName', 'teamId'] }],
    when: (c) => open(c) && (!c.coordinator || c.pendingAllocation === true),
    send: (api, c, _i, v) => {
      const p = personById(str(v.practitionerId));
      return api.POST('/api/cases/{id}/coordinator', { params: path(c), body: { practitionerId: str(v.practitionerId), practitionerName: p?.name ?? '', teamId: p?.teamId } });
    },
  },
  {
    key: 'hand-over', title: 'Hand over to another coordinator', button: 'Propose hand-over', command: 'ProposeHandover', section: 'coordination',
    fields: (c) => [
      { name: 'toPractitionerId', label: 'New coordinator', kind: 'select', options: [{ value: '', text: 'Choose a practitioner' }, ...person(c).filter((o) => o.value !== c.coordinator?.id)], api: ['toPractitionerId', 'toPractitionerName'] },
      reason,
    ],
    when: (c) => open(c) && !!c.coordinator && !c.pendingHandover,
    send: (api, c, _i, v) =>
      api.POST('/api/cases/{id}/handovers', { params: path(c), body: { toPractitionerId: str(v.toPractitionerId), toPractitionerName: personById(str(v.toPractitionerId))?.name ?? '', reason: str(v.reason) } }),
  },
  {
    key: 'accept-hand-over', title: 'Accept the hand-over', button: 'Accept hand-over', command: 'AcceptHandover', section: 'coordination',
    fields: () => [],
    when: (c) => open(c) && !!c.pendingHandover,
    send: (api, c) => api.POST('/api/cases/{id}/handovers/{handoverId}/accept', { params: { path: { id: c.caseId, handoverId: c.pendingHandover.handoverId } } }),
  },
  {
    key: 'decline-hand-over', title: 'Decline the hand-over', button: 'Decline hand-over', command: 'DeclineHandover', section: 'coordination',
    fields: () => [reason],
    when: (c) => open(c) && !!c.pendingHandover,
    send: (api, c, _i, v) => api.POST('/api/cases/{id}/handovers/{handoverId}/decline', { params: { path: { id: c.caseId, handoverId: c.pendingHandover.handoverId } }, body: { reason: str(v.reason) } }),
  },
  {
    key: 'add-care-team-member', title: 'Add someone to the care team', button: 'Add to care team', command: 'AddCareTeamMember', section: 'care-team',
    fields: () => [
      { name: 'memberId', label: 'Their user id', kind: 'text', hint: 'As they sign in, for example p-nelft-1' },
      { name: 'name', label: 'Name', kind: 'text' },
      { name: 'organisation', label: 'Organisation', kind: 'select', options: [{ value: '', text: 'Choose an organisation' }, ...ORGANISATIONS] },
      { name: 'role', label: 'Role', kind: 'text', hint: 'For example, community nurse' },
    ],
    when: open,
    send: (api, c, _i, v) => api.POST('/api/cases/{id}/care-team', { params: path(c), body: { memberId: str(v.memberId), name: str(v.name), organisation: str(v.organisation), role: str(v.role) } }),
  },
  {
    key: 'remove-care-team-member', title: 'Remove from the care team', button: 'Remove', command: 'RemoveCareTeamMember', section: 'care-team',
    item: (c, id) => (c.careTeam ?? []).find((m: any) => m.memberId === id),
    fields: () => [],
    when: (c, m) => open(c) && !!m && m.memberId !== c.coordinator?.id,
    send: (api, c, m) => api.DELETE('/api/cases/{id}/care-team/{memberId}', { params: { path: { id: c.caseId, memberId: m.memberId } } }),
  },
  {
    key: 'consent', title: 'Record consent to share', button: 'Record consent', command: 'RecordConsent', section: 'consent',
    fields: () => [
      { name: 'status', label: 'Consent', kind: 'radios', options: opts(['given', 'refused', 'best-interests'], (s) => ({ given: 'Given', refused: 'Refused', 'best-interests': 'Best interests decision' })[s]!) },
      { name: 'organisations', label: 'Organisations', kind: 'checkboxes', options: ORGANISATIONS },
      { name: 'note', label: 'Note (optional)', kind: 'textarea' },
    ],
    when: open,
    send: (api, c, _i, v) => api.POST('/api/cases/{id}/consent', { params: path(c), body: { status: str(v.status) as any, organisations: list(v.organisations), note: str(v.note) || undefined } }),
  },
  {
    key: 'agree-plan', title: 'Agree the plan with the resident', button: 'Agree plan', command: 'AgreeCarePlan', section: 'care-plan',
    fields: () => [
      { name: 'agreedWithResident', label: 'The resident agreed this plan', kind: 'checkbox' },
      { name: 'note', label: 'Note (optional)', kind: 'textarea' },
    ],
    when: (c) => open(c) && c.carePlan?.status === 'draft',
    send: (api, c, _i, v) => api.POST('/api/cases/{id}/care-plan/agree', { params: path(c), body: { agreedWithResident: (v.agreedWithResident === 'yes' ? true : undefined) as true, note: str(v.note) || undefined } }),
  },
  {
    key: 'review-plan', title: 'Record a review of the plan', button: 'Record review', command: 'RecordCarePlanReview', section: 'care-plan',
    fields: () => [
      { name: 'summary', label: 'What the review found', kind: 'textarea' },
      { name: 'nextReviewDate', label: 'Next review (optional)', kind: 'date', hint: 'For example, 2027-06-30' },
    ],
    when: (c) => open(c) && !!c.carePlan?.agreedAt,
    send: (api, c, _i, v) => api.POST('/api/cases/{id}/care-plan/reviews', { params: path(c), body: { summary: str(v.summary), nextReviewDate: str(v.nextReviewDate) || undefined } }),
  },
  {
    key: 'complete-plan-action', title: 'Mark the action done', button: 'Mark as done', command: 'CompleteCarePlanAction', section: 'care-plan',
    item: (c, id) => (c.carePlan?.actions ?? []).find((x: any) => x.id === id),
    fields: () => [{ name: 'note', label: 'Note (optional)', kind: 'textarea' }],
    when: (c, x) => open(c) && !!x && !x.completed,
    send: (api, c, x, v) => api.POST('/api/cases/{id}/care-plan/actions/{actionId}/complete', { params: { path: { id: c.caseId, actionId: x.id } }, body: { note: str(v.note) || undefined } }),
  },
  {
    key: 'achieve-goal', title: 'Mark the goal achieved', button: 'Goal achieved', command: 'AchieveGoal', section: 'care-plan',
    item: (c, id) => (c.carePlan?.goals ?? []).find((x: any) => x.id === id),
    fields: () => [{ name: 'note', label: 'Note (optional)', kind: 'textarea' }],
    when: (c, x) => open(c) && !!x && !x.achieved,
    send: (api, c, x, v) => api.POST('/api/cases/{id}/care-plan/goals/{goalId}/achieve', { params: { path: { id: c.caseId, goalId: x.id } }, body: { note: str(v.note) || undefined } }),
  },
  {
    key: 'request-input', title: 'Request specialist input', button: 'Send request', command: 'RequestSpecialistInput', section: 'inputs',
    fields: () => [
      { name: 'serviceId', label: 'Service', kind: 'select', options: [{ value: '', text: 'Choose a service' }, ...SPECIALIST_SERVICES.map((s) => ({ value: s.id, text: s.name }))] },
      { name: 'mode', label: 'How', kind: 'radios', options: opts(['brokered', 'joint-visit', 'formal-referral']) },
      { name: 'urgency', label: 'Urgency', kind: 'radios', options: opts(['crisis', 'urgent', 'routine']) },
      { name: 'request', label: 'What you are asking for', kind: 'textarea' },
    ],
    when: open,
    send: (api, c, _i, v) =>
      api.POST('/api/cases/{id}/specialist-inputs', { params: path(c), body: { serviceId: str(v.serviceId), mode: str(v.mode) as any, urgency: str(v.urgency) as any, request: str(v.request) } }),
  },
  ...(['accept', 'decline', 'deliver', 'withdraw'] as const).map(
    (verb): ActionDef => ({
      key: `${verb}-input`,
      title: { accept: 'Accept the request for input', decline: 'Decline the request for input', deliver: 'Record the input delivered', withdraw: 'Withdraw the request' }[verb],
      button: { accept: 'Accept', decline: 'Decline', deliver: 'Record delivery', withdraw: 'Withdraw' }[verb],
      command: ({ accept: 'AcceptSpecialistInput', decline: 'DeclineSpecialistInput', deliver: 'DeliverSpecialistInput', withdraw: 'WithdrawSpecialistInput' } as const)[verb],
      section: 'inputs',
      item: (c, id) => (c.specialistInputs ?? []).find((i: any) => i.inputId === id),
      fields: () => (verb === 'deliver' ? [{ name: 'summary', label: 'What the input added to the plan', kind: 'textarea' }] : verb === 'accept' ? [] : [reason]),
      when: (c, i) => open(c) && !!i && (verb === 'deliver' ? i.status === 'accepted' : verb === 'withdraw' ? ['requested', 'accepted'].includes(i.status) : i.status === 'requested'),
      send: (api, c, i, v) => {
        const params = { path: { id: c.caseId as string, inputId: i.inputId as string } };
        if (verb === 'accept') return api.POST('/api/cases/{id}/specialist-inputs/{inputId}/accept', { params, body: {} });
        if (verb === 'deliver') return api.POST('/api/cases/{id}/specialist-inputs/{inputId}/deliver', { params, body: { summary: str(v.summary) } });
        if (verb === 'decline') return api.POST('/api/cases/{id}/specialist-inputs/{inputId}/decline', { params, body: { reason: str(v.reason) } });
        return api.POST('/api/cases/{id}/specialist-inputs/{inputId}/withdraw', { params, body: { reason: str(v.reason) } });
      },
    }),
  ),
  {
    key: 'raise-concern', title: 'Raise a safeguarding concern', button: 'Raise concern', command: 'RaiseSafeguardingConcern', section: 'safeguarding',
    fields: () => [
      { name: 'categories', label: 'What kind of abuse or neglect', kind: 'checkboxes', options: opts(CATEGORIES) },
      { name: 'risk', label: 'Risk', kind: 'radios', options: opts(['low', 'medium', 'high']) },
      { name: 'summary', label: 'What happened', kind: 'textarea' },
    ],
    when: open,
    send: (api, c, _i, v) => api.POST('/api/cases/{id}/safeguarding-concerns', { params: path(c), body: { categories: list(v.categories) as any, risk: str(v.risk) as any, summary: str(v.summary) } }),
  },
  {
    key: 'decide-concern', title: 'Decide on the concern', button: 'Record decision', command: 'DecideSafeguardingConcern', section: 'safeguarding',
    item: (c, id) => (c.safeguarding?.concerns ?? []).find((x: any) => x.concernId === id),
    fields: () => [
      { name: 'section42', label: 'Is a section 42 enquiry needed?', kind: 'radios', options: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }] },
      { name: 'rationale', label: 'Rationale', kind: 'textarea' },
    ],
    when: (c, x) => open(c) && x?.status === 'awaiting-decision',
    send: (api, c, x, v) =>
      api.POST('/api/cases/{id}/safeguarding-concerns/{concernId}/decision', {
        params: { path: { id: c.caseId, concernId: x.concernId } },
        body: { section42: (v.section42 === 'yes' ? true : v.section42 === 'no' ? false : undefined) as boolean, rationale: str(v.rationale) },
      }),
  },
  {
    key: 'conclude-enquiry', title: 'Conclude the enquiry', button: 'Conclude enquiry', command: 'ConcludeSafeguardingEnquiry', section: 'safeguarding',
    item: (c, id) => (c.safeguarding?.concerns ?? []).find((x: any) => x.concernId === id),
    fields: () => [
      { name: 'outcome', label: 'Outcome', kind: 'radios', options: opts(['risk-removed', 'risk-reduced', 'risk-remains']) },
      { name: 'desiredOutcomesAsked', label: 'Were their desired outcomes asked?', kind: 'radios', options: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }] },
      { name: 'desiredOutcomes', label: 'Their desired outcomes (optional)', kind: 'textarea' },
      { name: 'outcomesMet', label: 'Were they met?', kind: 'radios', options: opts(['fully', 'partially', 'not']) },
    ],
    when: (c, x) => open(c) && x?.status === 'enquiry-open',
    send: (api, c, x, v) =>
      api.POST('/api/cases/{id}/safeguarding-concerns/{concernId}/conclusion', {
        params: { path: { id: c.caseId, concernId: x.concernId } },
        body: {
          outcome: str(v.outcome) as any,
          desiredOutcomesAsked: (v.desiredOutcomesAsked === 'yes' ? true : v.desiredOutcomesAsked === 'no' ? false : undefined) as boolean,
          desiredOutcomes: str(v.desiredOutcomes) || undefined,
          outcomesMet: (str(v.outcomesMet) || undefined) as any,
        },
      }),
  },
  {
    key: 'review-flag', title: 'Review the safeguarding flag', button: 'Record review', command: 'ReviewSafeguardingFlag', section: 'safeguarding',
    fields: () => [{ name: 'note', label: 'Review note', kind: 'textarea' }],
    when: (c) => open(c) && c.safeguarding?.flag === true,
    send: (api, c, _i, v) => api.POST('/api/cases/{id}/safeguarding-flag/review', { params: path(c), body: { note: str(v.note) } }),
  },
  {
    key: 'lift-flag', title: 'Lift the safeguarding flag', button: 'Lift flag', command: 'LiftSafeguardingFlag', section: 'safeguarding',
    fields: () => [reason],
    when: (c) => open(c) && c.safeguarding?.flag === true,
    send: (api, c, _i, v) => api.POST('/api/cases/{id}/safeguarding-flag/lift', { params: path(c), body: { reason: str(v.reason) } }),
  },
  {
    key: 'admission', title: 'Record a hospital admission', button: 'Record admission', command: 'RecordHospitalAdmission', section: 'hospital',
    fields: () => [
      { name: 'hospital', label: 'Hospital', kind: 'text' },
      { name: 'admittedAt', label: 'Admitted on', kind: 'datetime', hint: 'Date and time, for example 2026-11-23 and 09:00' },
    ],
    when: (c) => open(c) && !c.hospital?.admitted,
    send: (api, c, _i, v) =>
      api.POST('/api/cases/{id}/hospital-admissions', { params: path(c), body: { hospital: str(v.hospital), admittedAt: instantFrom(str(v.admittedAtDate), str(v.admittedAtTime)) ?? str(v.admittedAtDate) } }),
  },
  {
    key: 'discharge', title: 'Record a discharge', button: 'Record discharge', command: 'RecordDischarge', section: 'hospital',
    fields: () => [
      { name: 'dischargedAt', label: 'Discharged on', kind: 'datetime' },
      { name: 'pathway', label: 'Discharge pathway', kind: 'radios', options: ['0', '1', '2', '3'].map((p) => ({ value: p, text: `Pathway ${p}` })) },
    ],
    when: (c) => open(c) && c.hospital?.admitted === true,
    send: (api, c, _i, v) =>
      api.POST('/api/cases/{id}/discharges', {
        params: path(c),
        body: { dischargedAt: instantFrom(str(v.dischargedAtDate), str(v.dischargedAtTime)) ?? str(v.dischargedAtDate), pathway: (v.pathway === undefined || v.pathway === '' ? undefined : Number(v.pathway)) as any },
      }),
  },
  {
    key: 'home-care', title: 'Set home care hours', button: 'Save hours', command: 'SetHomeCare', section: 'hospital',
    fields: () => [
      { name: 'teamId', label: 'Wellbeing Team', kind: 'select', options: [{ value: '', text: 'Choose a team' }, ...TEAMS.filter((t) => t.kind === 'wellbeing').map((t) => ({ value: t.id, text: t.name }))] },
      { name: 'hoursPerWeek', label: 'Hours a week (0 ends home care)', kind: 'number' },
    ],
    when: open,
    send: (api, c, _i, v) =>
      api.POST('/api/cases/{id}/home-care', { params: path(c), body: { teamId: str(v.teamId), hoursPerWeek: (str(v.hoursPerWeek) === '' ? undefined : Number(v.hoursPerWeek)) as number } }),
  },
  {
    key: 'complete-follow-up', title: 'Complete the follow-up', button: 'Mark as done', command: 'CompleteFollowUp', section: 'follow-ups',
    item: (c, id) => (c.followUps ?? []).find((f: any) => f.followUpId === id),
    // API v1.1: the welfare check and the 91-day check are completed with an outcome.
    fields: (_c, f) => [
      ...(f?.kind === 'post-discharge-welfare-check'
        ? [{ name: 'outcome', label: 'How were they?', kind: 'radios' as const, options: [{ value: 'well', text: 'Well' }, { value: 'concerns', text: 'There are concerns' }, { value: 'no-contact', text: 'We could not reach them' }] }]
        : f?.kind === 'reablement-91-day-check'
          ? [{ name: 'outcome', label: 'Are they still at home?', kind: 'radios' as const, options: [{ value: 'at-home', text: 'Yes, at home' }, { value: 'not-at-home', text: 'No' }] }]
          : []),
      { name: 'note', label: 'Note (optional)', kind: 'textarea' },
    ],
    when: (c, f) => open(c) && !!f && ['open', 'overdue', 'escalated'].includes(f.status),
    send: (api, c, f, v) =>
      api.POST('/api/cases/{id}/follow-ups/{followUpId}/complete', {
        params: { path: { id: c.caseId, followUpId: f.followUpId } },
        body: { note: str(v.note) || undefined, ...(str(v.outcome) ? { outcome: str(v.outcome) } : {}) } as { note?: string },
      }),
  },
  {
    key: 'note', title: 'Add a note', button: 'Add note', command: 'AddNote', section: 'notes',
    fields: () => [
      { name: 'text', label: 'Note', kind: 'textarea' },
      { name: 'restricted', label: 'Restricted: only safeguarding leads, the coordinator and you may read it', kind: 'checkbox' },
    ],
    when: () => true,
    send: (api, c, _i, v) => api.POST('/api/cases/{id}/notes', { params: path(c), body: { text: str(v.text), restricted: v.restricted === 'yes' } }),
  },
  {
    // POST /api/cases/:id/resident (API v1.1, the record issue): offered to those who may
    // transfer a case until the command has roles of its own; typed once `npm run api:client` has it.
    key: 'correct-details', title: 'Correct the resident’s details', button: 'Save corrections', command: 'CorrectResidentDetails', section: 'case',
    fields: () => [
      { name: 'givenName', label: 'Given name (leave empty to keep)', kind: 'text' },
      { name: 'familyName', label: 'Family name (leave empty to keep)', kind: 'text' },
      { name: 'dateOfBirth', label: 'Date of birth (leave empty to keep)', kind: 'date' },
      { name: 'nhsNumber', label: 'NHS number (leave empty to keep)', kind: 'text' },
      { name: 'postcode', label: 'Postcode (leave empty to keep)', kind: 'text' },
      reason,
    ],
    when: open,
    send: (api, c, _i, v) => {
      const body: { reason: string } & Partial<Record<'givenName' | 'familyName' | 'dateOfBirth' | 'nhsNumber' | 'postcode', string>> = { reason: str(v.reason) };
      for (const k of ['givenName', 'familyName', 'dateOfBirth', 'nhsNumber', 'postcode'] as const) if (str(v[k])) body[k] = str(v[k]);
      return api.POST('/api/cases/{id}/resident', { params: path(c), body });
    },
  },
  {
    key: 'transfer', title: 'Transfer to another locality', button: 'Transfer', command: 'TransferCase', section: 'case',
    fields: (c) => [
      { name: 'toLocalityId', label: 'Locality', kind: 'select', options: [{ value: '', text: 'Choose a locality' }, ...LOCALITIES.filter((l) => l.id !== c.localityId).map((l) => ({ value: l.id, text: l.name }))] },
      reason,
    ],
    when: open,
    send: (api, c, _i, v) => api.POST('/api/cases/{id}/transfer', { params: path(c), body: { toLocalityId: str(v.toLocalityId), reason: str(v.reason) } }),
  },
  {
    key: 'close', title: 'Close the case', button: 'Close case', command: 'CloseCase', section: 'case',
    fields: () => [reason, { name: 'outcomeSummary', label: 'Outcome', kind: 'textarea' }],
    when: open,
    send: (api, c, _i, v) => api.POST('/api/cases/{id}/close', { params: path(c), body: { reason: str(v.reason), outcomeSummary: str(v.outcomeSummary) } }),
  },
  {
    key: 'reopen', title: 'Reopen the case', button: 'Reopen case', command: 'ReopenCase', section: 'case',
    fields: () => [reason],
    when: (c) => c.status === 'closed',
    send: (api, c, _i, v) => api.POST('/api/cases/{id}/reopen', { params: path(c), body: { reason: str(v.reason) } }),
  },
];

export function findAction(key: string): ActionDef | undefined {
  return ACTIONS.find((a) => a.key === key);
}

/** Whether the caller may take this action on this case (and item) now. */
export function offered(a: ActionDef, c: CaseDoc, item: any, p: Principal): boolean {
  if (a.item && !item) return false;
  if (!mayRunCommandOn(p, factsOf(c), a.command)) return false;
  return a.when(c, item, p);
}
