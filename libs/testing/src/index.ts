export * from './database';
export * from './wait-for';
export * from './decider-spec';
export * from './processes';
export * from './api-harness';
export * from './projections';
export * from './event-store';
export * from './contract';
