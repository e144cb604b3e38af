import type { Measure } from './lib/bench-context';
import { appendCeilingMeasure } from './measures/append-ceiling.measure';

/** In the order of issue 8; later measures may use earlier figures for their ratios. */
export const MEASURES: Measure[] = [appendCeilingMeasure];
