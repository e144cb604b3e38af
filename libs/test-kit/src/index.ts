// The generic test kit: waiting for a condition and the decider spec helper. It imports
// nothing of this repo, so any library's tests (the event-store contract suite too) can
// use it without loading the service. The service harness is @iln/testing.
export * from './wait-for';
export * from './decider-spec';
