import type { Measure } from './lib/bench-context';
import { appendCeilingMeasure } from './measures/append-ceiling.measure';
import { atScaleMeasure } from './measures/at-scale.measure';
import { commandsHttpMeasure } from './measures/commands-http.measure';
import { encryptionCostMeasure } from './measures/encryption-cost.measure';
import { followUpsMeasure } from './measures/follow-ups.measure';
import { projectionLagMeasure } from './measures/projection-lag.measure';

/** In the order of issue 8 (3, 5 and 7 share one growing database); ratios use earlier figures. */
export const MEASURES: Measure[] = [appendCeilingMeasure, commandsHttpMeasure, atScaleMeasure, projectionLagMeasure, followUpsMeasure, encryptionCostMeasure];
