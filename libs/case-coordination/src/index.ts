// Domain: the case decider and its vocabulary.
export * from './domain/commands';
export * from './domain/events';
export * from './domain/state';
export * from './domain/errors';
// The error class and the event share a name; the error keeps it at the barrel.
export { CaseClosed } from './domain/errors';
export type { CaseClosed as CaseClosedEvent } from './domain/events';
export * from './domain/policy';
export * from './domain/context';
export { decide } from './domain/decide';
export { evolve } from './domain/evolve';
export { caseDecider } from './domain/decider';
export { parseIsoDuration } from './domain/iso-duration';
export { EnglandWorkingCalendar } from './calendar/england-working-calendar';
export * from './access/principal';
export * from './application/case-commands';
