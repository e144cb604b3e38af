// Shared by the pure read-model specs: a case history produced by the real decider,
// wrapped as recorded events (versions, positions, times) the way the store returns them.
import type { RecordedEvent } from '@iln/event-store';
import { caseStreamId } from '../case-stream';
import { allocate, CASE_ID, history, lead, openCase, practitioner, receiver } from '../domain/case-spec.fixtures';
import type { CaseCommand } from '../domain/commands';
import type { CaseEvent } from '../domain/events';

export { CASE_ID };

export function recorded(events: CaseEvent[], caseId = CASE_ID): RecordedEvent[] {
  return events.map((e, i) => ({
    eventId: `e-${i + 1}`,
    type: e.type,
    data: e.data,
    metadata: { correlationId: 'c', causationId: null, actor: { id: practitioner.id, name: practitioner.name }, schemaVersion: 1 },
    streamId: caseStreamId(caseId),
    version: i + 1,
    position: String(i + 1).padStart(6, '0'),
    recordedAt: new Date(Date.UTC(2026, 10, 23, 9, 0, i)),
  }));
}

const c = (type: CaseCommand['type'], data: unknown) => ({ type, data }) as CaseCommand;

/** A case with most of what can happen to one: coordinator, hand-over, plan, input, concern, discharge. */
export function fullHistory(): CaseEvent[] {
  // Ids are sequential per history, so the same prefix names the hand-over the full history will propose.
  const proposed = history(openCase, allocate, c('ProposeHandover', { toPractitionerId: receiver.id, toPractitionerName: receiver.name, reason: 'r' }));
  const handoverId = (proposed.find((e) => e.type === 'HandoverProposed')!.data as { handoverId: string }).handoverId;
  const steps: Array<CaseCommand | [CaseCommand, Record<string, unknown>]> = [
    openCase,
    allocate,
    c('ProposeHandover', { toPractitionerId: receiver.id, toPractitionerName: receiver.name, reason: 'r' }),
    [c('AcceptHandover', { handoverId }), { actor: receiver }],
    c('DraftCarePlan', { whatMatters: 'my garden', goals: [{ id: 'g1', description: 'walk to the shop' }], actions: [] }),
    c('AgreeCarePlan', { agreedWithResident: true }),
    c('RequestSpecialistInput', { serviceId: 'falls', mode: 'brokered', urgency: 'urgent', request: 'falls advice' }),
    c('RaiseSafeguardingConcern', { categories: ['neglect'], risk: 'high', summary: 'secret detail' }),
    c('AddNote', { text: 'private', restricted: true }),
    c('RecordHospitalAdmission', { hospital: 'Basildon', admittedAt: '2026-11-20T10:00:00.000Z' }),
    c('RecordDischarge', { dischargedAt: '2026-11-22T10:00:00.000Z', pathway: 1 }),
  ];
  return history(...(steps as never[]));
}

export { lead, practitioner, receiver };
