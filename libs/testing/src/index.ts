export * from './database';
export * from './wait-for';
export * from './decider-spec';
export * from './api-harness';
export * from './projections';
