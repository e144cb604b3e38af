import type { Figure } from './report';

/** What every measure gets: the run's mode, the services, and the figures so far. */
export interface BenchContext {
  quick: boolean;
  /** The developer's DATABASE_URL; measures create their own databases from it. */
  databaseUrl: string;
  /** A Redis URL on the benchmark's own db index. */
  redisUrl: string;
  /** A key prefix of this run's own (queues, anything else the apps namespace). */
  keyPrefix: string;
  /** Figures measured earlier in the run, for ratios between measures. */
  figures: Figure[];
  log(message: string): void;
}

export interface Measure {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<Figure[]>;
}

/** Runs `times` repetitions of one measurement (after `warmups` discarded ones). */
export async function repeat(times: number, once: () => Promise<number>, warmups = 0): Promise<number[]> {
  for (let i = 0; i < warmups; i++) await once();
  const runs: number[] = [];
  for (let i = 0; i < times; i++) runs.push(await once());
  return runs;
}
