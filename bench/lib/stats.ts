// Small statistics for benchmark figures: every figure is the median of several runs,
// reported with the spread (min and max of the runs) so one noisy run cannot hide.

/** The q-th quantile (0..1) of a sample, nearest-rank on a sorted copy. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The shape a figure's numbers take in the results: median, spread and how many runs. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarise(runs: readonly number[]): Summary {
  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs: runs.length };
}

/** Latencies in milliseconds collected with `process.hrtime.bigint()`. */
export class LatencyRecorder {
  private readonly samples: number[] = [];

  async time<T>(work: () => Promise<T>): Promise<T> {
    const start = process.hrtime.bigint();
    try {
      return await work();
    } finally {
      this.samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }

  record(ms: number): void {
    this.samples.push(ms);
  }

  get count(): number {
    return this.samples.length;
  }

  p(q: number): number {
    return quantile(this.samples, q);
  }
}

export function round(n: number, digits = 2): number {
  if (!Number.isFinite(n)) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
