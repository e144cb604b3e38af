import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MachineDescription } from './machine';
import { round } from './stats';

/**
 * One line of the results table. `median` is null when the figure could not be
 * measured; `note` then says why (never a made-up number).
 */
export interface Figure {
  measure: string;
  name: string;
  unit: string;
  median: number | null;
  min?: number;
  max?: number;
  runs?: number;
  goal?: string;
  /** Whether the goal was met; absent when the figure has no goal of its own. */
  met?: boolean;
  note?: string;
}

export function notMeasured(measure: string, name: string, reason: string): Figure {
  return { measure, name, unit: '', median: null, note: `not measured: ${reason}` };
}

/** Memory goals of issue 18: per API process, and for the worker rebuilding 1M events. */
export const API_RSS_GOAL_MIB = 400;
export const REBUILD_RSS_GOAL_MIB = 1024;

/**
 * A process's peak resident memory (RSS), reported beside the figures measured while it
 * ran; null when it could not be read (no /proc).
 */
export function rssFigure(measure: string, name: string, mib: number | null, goalMiB?: number): Figure {
  if (mib === null) return notMeasured(measure, name, 'peak RSS unreadable (no /proc)');
  return { measure, name, unit: 'MiB', median: mib, ...(goalMiB === undefined ? {} : { goal: `≤ ${goalMiB} MiB`, met: mib <= goalMiB }) };
}

export interface Results {
  date: string;
  mode: 'quick' | 'full';
  durationSeconds: number;
  machine: MachineDescription;
  figures: Figure[];
}

const fmt = (n: number | undefined | null): string => {
  if (n === undefined || n === null || !Number.isFinite(n)) return '';
  const r = Math.abs(n) >= 100 ? round(n, 0) : Math.abs(n) >= 10 ? round(n, 1) : round(n, 2);
  return r.toLocaleString('en-GB');
};

export function renderTable(results: Results): string {
  const m = results.machine;
  const header = [
    `Benchmarks (${results.mode}), ${results.date}, ${results.durationSeconds}s`,
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}, PostgreSQL ${m.postgres}, Redis ${m.redis}; ${m.apiProcesses ?? 1} API process(es)`,
    '',
  ];
  const rows = results.figures.map((f) => [
    f.measure,
    f.name,
    f.median === null ? '—' : `${fmt(f.median)} ${f.unit}`,
    f.median === null || f.min === undefined ? '' : `${fmt(f.min)}–${fmt(f.max)}`,
    f.goal ? `${f.goal} ${f.met === undefined ? '' : f.met ? '✓' : '✗'}` : '',
    f.note ?? '',
  ]);
  const titles = ['measure', 'figure', 'median', 'spread (min–max)', 'goal', 'note'];
  const widths = titles.map((t, i) => Math.max(t.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    ...header,
    line(titles),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

export function writeResults(results: Results, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${results.date}${results.mode === 'quick' ? '-quick' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
