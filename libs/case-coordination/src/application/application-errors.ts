// Refusals the application layer adds around the decider. Like domain errors, their
// messages are safe to show and to log: no personal data, no ids of people.

/** A command named reference data that does not exist (a 400 naming the field). */
export class UnknownReference extends Error {
  constructor(
    readonly field: string,
    readonly what: string,
  ) {
    super(`${field}: no such ${what}`);
    this.name = 'UnknownReference';
  }
}

/** If-Match named a version the case is no longer (or not yet) at; nothing was written. */
export class StaleVersion extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`the case is at version ${actual}, not ${expected}`);
    this.name = 'StaleVersion';
  }
}

/** Others kept changing the case while this command was retried; nothing was written. */
export class ConcurrentModification extends Error {
  constructor(readonly attempts: number) {
    super(`the case kept changing; gave up after ${attempts} attempts`);
    this.name = 'ConcurrentModification';
  }
}

/** The caller may see the case (or act in the locality) but not run this command. */
export class NotPermitted extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'NotPermitted';
  }
}
