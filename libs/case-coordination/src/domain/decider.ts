import { decide } from './decide';
import { evolve } from './evolve';
import { initialState } from './state';

/** The case decider as one value, for the application layer and the spec helper. */
export const caseDecider = { decide, evolve, initialState };
