import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../access/principal';
import type { TeamCapacity } from './team-capacity.responses';

/** A Wellbeing Team's capacity and allocated hours; null when there is no such team with a capacity. */
export class GetTeamCapacity extends Query<TeamCapacity | null> {
  constructor(
    readonly principal: Principal,
    readonly teamId: string,
  ) {
    super();
  }
}
