import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../access/principal';
import type { TeamCapacity } from './team-capacity.responses';

/** A Wellbeing Team's capacity and allocated hours; TeamCapacityNotFound when no team with a capacity has the id. */
export class GetTeamCapacity extends Query<TeamCapacity> {
  constructor(
    readonly principal: Principal,
    readonly teamId: string,
  ) {
    super();
  }
}
