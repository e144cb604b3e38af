// Refusals of the read side. Like domain errors their messages are safe to show and to
// log: no personal data, no ids of people. The API maps each to its problem type.

export abstract class ReadRefusal extends Error {
  abstract readonly status: 403 | 404;
  abstract readonly code: string;
  abstract readonly title: string;
}

/** A case that does not exist and one the caller may not see read the same. */
export class CaseNotVisible extends ReadRefusal {
  readonly status = 404;
  readonly code = 'case-not-found';
  readonly title = 'Case not found';
  constructor() {
    super('No case with this id is visible to you.');
    this.name = 'CaseNotVisible';
  }
}

export class CarePlanVersionNotFound extends ReadRefusal {
  readonly status = 404;
  readonly code = 'care-plan-version-not-found';
  readonly title = 'Care plan version not found';
  constructor() {
    super('The case has no such care plan version.');
    this.name = 'CarePlanVersionNotFound';
  }
}

export class LocalityNotVisible extends ReadRefusal {
  readonly status = 404;
  readonly code = 'locality-not-found';
  readonly title = 'Locality not found';
  constructor() {
    super('No locality with this id is visible to you.');
    this.name = 'LocalityNotVisible';
  }
}

export class TeamCapacityNotFound extends ReadRefusal {
  readonly status = 404;
  readonly code = 'team-not-found';
  readonly title = 'Not found';
  constructor() {
    super('No team with a home-care capacity has this id.');
    this.name = 'TeamCapacityNotFound';
  }
}

export class NotTeamMember extends ReadRefusal {
  readonly status = 403;
  readonly code = 'not-team-member';
  readonly title = 'Not your team';
  constructor() {
    super('You can only see the worklist of a team you belong to.');
    this.name = 'NotTeamMember';
  }
}

export class NotEveryLocality extends ReadRefusal {
  readonly status = 403;
  readonly code = 'forbidden';
  readonly title = 'Forbidden';
  constructor() {
    super('The borough dashboard is for those who work in every locality.');
    this.name = 'NotEveryLocality';
  }
}

/** A query parameter that passed its syntax check but means nothing (a 400 naming it). */
export class InvalidQueryParameter extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'InvalidQueryParameter';
  }
}
