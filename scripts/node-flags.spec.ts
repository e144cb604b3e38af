import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The app processes' heap flags (scripts/lib/node-flags.js) are the same wherever they
// are started: `npm start` and the operator commands, the benchmark, the Docker image.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE_HEAP_FLAGS } = require('./lib/node-flags') as { NODE_HEAP_FLAGS: readonly string[] };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { nodeArgs } = require('./lib/project') as { nodeArgs(entry: string, args?: string[], options?: { heapFlags?: boolean }): string[] };

const ROOT = join(__dirname, '..');

describe('app processes heap flags', () => {
  it('are flags this node accepts, and set the young generation they say', () => {
    const limit = (flags: readonly string[]) => {
      const r = spawnSync(process.execPath, [...flags, '-e', 'process.stdout.write(String(require("v8").getHeapStatistics().heap_size_limit))'], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return Number(r.stdout) / 2 ** 20;
    };
    const semi = Number(/^--max-semi-space-size=(\d+)$/.exec(NODE_HEAP_FLAGS.find((f) => f.startsWith('--max-semi-space-size=')) ?? '')?.[1]);
    expect(semi).toBeGreaterThan(0);
    // The heap limit counts the young generation as 3 semi-spaces: a later flag wins.
    expect(limit([...NODE_HEAP_FLAGS, '--max-semi-space-size=64']) - limit(NODE_HEAP_FLAGS)).toBe(3 * (64 - semi));
  });

  it('are given by `npm start` and the operator commands (nodeArgs), before the entry point', () => {
    const args = nodeArgs('apps/api/src/main.js');
    expect(args.slice(0, NODE_HEAP_FLAGS.length)).toEqual([...NODE_HEAP_FLAGS]);
    // Not the benchmark's runner (the load generator): it gives them to the apps it starts.
    expect(nodeArgs('bench/run.js', [], { heapFlags: false })).not.toEqual(expect.arrayContaining([...NODE_HEAP_FLAGS]));
  });

  it('are the Docker image NODE_OPTIONS', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(/^ENV NODE_OPTIONS="([^"]*)"$/m.exec(runtime)?.[1]).toBe(NODE_HEAP_FLAGS.join(' '));
  });

  it('are what the benchmark starts its app processes with', () => {
    const bench = readFileSync(join(ROOT, 'bench', 'lib', 'app-processes.ts'), 'utf8');
    expect(bench).toContain(`require(path.join(ROOT, 'scripts', 'lib', 'node-flags.js'))`);
    expect(bench).toMatch(/\[\.\.\.NODE_HEAP_FLAGS, \.\.\.\(process\.env\.BENCH_NODE_ARGS/);
  });
});
