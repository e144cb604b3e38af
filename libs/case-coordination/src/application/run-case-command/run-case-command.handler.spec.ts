import type { CaseCommand } from '../../domain/commands';
import type { ReferenceData } from '../../reference-data/reference-data';
import { UnknownReference } from '../application-errors';
import type { CaseCommands, CommandMeta, CommandResult } from '../case-commands';
import { RunCaseCommand } from './run-case-command.command';
import { RunCaseCommandHandler } from './run-case-command.handler';

const meta = { actor: { id: 'p', name: 'P', roles: ['practitioner'] }, correlationId: 'c' } as unknown as CommandMeta;

// Reference data with one team of each kind, one service and one locality; every lookup is recorded.
function fakes() {
  const lookups: string[] = [];
  const executed: CaseCommand[] = [];
  const referenceData = {
    team: async (id: string) => (lookups.push(`team:${id}`), ({ 'cls-grays': { kind: 'cls' }, 'wellbeing-tilbury': { kind: 'wellbeing' } } as Record<string, unknown>)[id] ?? null),
    specialistService: async (id: string) => (lookups.push(`service:${id}`), id === 'falls' ? { id } : null),
    locality: async (id: string) => (lookups.push(`locality:${id}`), id === 'tilbury' ? { id } : null),
  } as unknown as ReferenceData;
  const cases = {
    execute: async (_caseId: string, command: CaseCommand) => (executed.push(command), { caseId: 'c', version: 2, position: '1', events: [] } as CommandResult),
  } as unknown as CaseCommands;
  return { handler: new RunCaseCommandHandler(cases, referenceData), lookups, executed };
}

const cmd = (type: CaseCommand['type'], data: unknown) => ({ type, data }) as CaseCommand;

describe('the generic case command handler', () => {
  it.each<[string, CaseCommand, string, string]>([
    ['a team that does not exist', cmd('AllocateCoordinator', { practitionerId: 'p', practitionerName: 'P', teamId: 'nope' }), 'teamId', 'team'],
    ['an unknown specialist service', cmd('RequestSpecialistInput', { serviceId: 'nope', mode: 'brokered', urgency: 'urgent', request: 'r' }), 'serviceId', 'specialist service'],
    ['home care from an unknown team', cmd('SetHomeCare', { teamId: 'nope', hoursPerWeek: 3 }), 'teamId', 'Wellbeing Team'],
    ['home care from a team that is not a Wellbeing Team', cmd('SetHomeCare', { teamId: 'cls-grays', hoursPerWeek: 3 }), 'teamId', 'Wellbeing Team'],
    ['a transfer to an unknown locality', cmd('TransferCase', { toLocalityId: 'nope', reason: 'moved' }), 'toLocalityId', 'locality'],
  ])('refuses %s, naming the field, and sends nothing to the case', async (_what, command, field, what) => {
    const { handler, executed } = fakes();
    const error = await handler.execute(new RunCaseCommand('c', command, meta)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownReference);
    expect(error).toMatchObject({ field, what });
    expect(executed).toEqual([]);
  });

  it.each<[string, CaseCommand, string[]]>([
    ['a known team', cmd('AllocateCoordinator', { practitionerId: 'p', practitionerName: 'P', teamId: 'cls-grays' }), ['team:cls-grays']],
    ['no team at all', cmd('AllocateCoordinator', { practitionerId: 'p', practitionerName: 'P' }), []],
    ['a known service', cmd('RequestSpecialistInput', { serviceId: 'falls', mode: 'brokered', urgency: 'urgent', request: 'r' }), ['service:falls']],
    ['a Wellbeing Team', cmd('SetHomeCare', { teamId: 'wellbeing-tilbury', hoursPerWeek: 3 }), ['team:wellbeing-tilbury']],
    ['a known locality', cmd('TransferCase', { toLocalityId: 'tilbury', reason: 'moved' }), ['locality:tilbury']],
    ['a command that names no reference data', cmd('AddNote', { text: 'called' }), []],
  ])('sends the command on with %s, after looking up only what it names', async (_what, command, expectedLookups) => {
    const { handler, lookups, executed } = fakes();
    await handler.execute(new RunCaseCommand('c', command, meta));
    expect(lookups).toEqual(expectedLookups);
    expect(executed).toEqual([command]);
  });
});
