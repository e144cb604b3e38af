/**
 * Destroys a case's data key (crypto-shredding, issue 16): afterwards the personal fields
 * of the case's events read as null with an `erased` mark, in every process. The
 * implementation is the per-case key store (`CaseKeys`, case-keys.ts); until a build
 * has one, nothing in the event log is encrypted and there is no key to destroy.
 */
export abstract class CaseKeyShredder {
  abstract destroy(caseId: string, at: Date): Promise<void>;
}

/** For a build without per-case keys: events are not encrypted, so there is nothing to destroy. */
export class NoCaseKeys extends CaseKeyShredder {
  async destroy(): Promise<void> {}
}
