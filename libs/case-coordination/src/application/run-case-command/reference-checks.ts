import type { CaseCommand, CaseCommandType } from '../../domain/commands';
import type { ReferenceData } from '../../reference-data/reference-data';
import { UnknownReference } from '../application-errors';

type DataOf<T extends CaseCommandType> = Extract<CaseCommand, { type: T }>['data'];

/** Whatever the command names in the reference data must exist; the error names the field. */
export type ReferenceCheck<T extends CaseCommandType> = (data: DataOf<T>, referenceData: Pick<ReferenceData, 'locality' | 'specialistService' | 'team'>) => Promise<UnknownReference | null>;

/**
 * The reference data each case command names, checked by the generic handler before the
 * decider sees the command. A command not in the table names none (or only ids the
 * decider checks against the case itself).
 */
export const REFERENCE_CHECKS: { readonly [T in CaseCommandType]?: ReferenceCheck<T> } = {
  /** The coordinator's team, when named, must exist: caseloads are counted per team. */
  AllocateCoordinator: async (data, ref) =>
    data.teamId !== undefined && !(await ref.team(data.teamId)) ? new UnknownReference('teamId', 'team') : null,
  /** The receiver's team, when named, must exist: it becomes the coordinator's team on accept, and worklists go by it. */
  ProposeHandover: async (data, ref) =>
    data.toTeamId !== undefined && !(await ref.team(data.toTeamId)) ? new UnknownReference('toTeamId', 'team') : null,
  /** Input is brokered only from a service the network knows (its worklist must exist). */
  RequestSpecialistInput: async (data, ref) =>
    (await ref.specialistService(data.serviceId)) ? null : new UnknownReference('serviceId', 'specialist service'),
  /**
   * Home-care hours come from a Wellbeing Team. (The HTTP route sends SetHomeCareCommand,
   * whose handler also reads the team's standing against its capacity.)
   */
  SetHomeCare: async (data, ref) => {
    const team = await ref.team(data.teamId);
    return team && team.kind === 'wellbeing' ? null : new UnknownReference('teamId', 'Wellbeing Team');
  },
  /**
   * To a locality that exists. The case keeps its reference (ILN-GRA-...) after a
   * transfer: the reference names the episode, and residents and colleagues quote it.
   */
  TransferCase: async (data, ref) => ((await ref.locality(data.toLocalityId)) ? null : new UnknownReference('toLocalityId', 'locality')),
};

/** Throws UnknownReference when the command names reference data that does not exist. */
export async function checkReferences(command: CaseCommand, referenceData: Parameters<ReferenceCheck<CaseCommandType>>[1]): Promise<void> {
  const check = REFERENCE_CHECKS[command.type] as ReferenceCheck<CaseCommandType> | undefined;
  const unknown = check ? await check(command.data as never, referenceData) : null;
  if (unknown) throw unknown;
}
