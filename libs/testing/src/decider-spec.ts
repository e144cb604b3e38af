// Moved to the generic kit; this path keeps working.
export * from '@iln/test-kit/decider-spec';
