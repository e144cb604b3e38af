import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The committed contract (docs/openapi.json; test/openapi-document.e2e-spec.ts keeps it
// equal to what the API serves) passes `redocly lint` with the recommended rules
// (redocly.yaml), and the generated client is generated from it as it stands.
const ROOT = join(__dirname, '..', '..', '..');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

describe('the API contract (docs/openapi.json)', () => {
  jest.setTimeout(60_000);

  it('passes redocly lint with the recommended rules', () => {
    const { status, output } = run(bin('redocly'), [
      'lint',
      'docs/openapi.json',
      '--format=stylish',
    ]);
    // Warnings count too: a warning today is the missing 4xx of tomorrow.
    expect({
      status,
      problems: output.split('\n').filter((l) => /\b(error|warning)\b/.test(l)),
    }).toEqual({ status: 0, problems: [] });
  });

  it('is what libs/api-client/src/schema.d.ts was generated from (npm run api:client)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'api-client-'));
    try {
      const out = join(dir, 'schema.d.ts');
      const { status, output } = run(bin('openapi-typescript'), [
        'docs/openapi.json',
        '--redocly',
        'libs/api-client/redocly.yaml',
        '-o',
        out,
      ]);
      expect({ status, output: status === 0 ? '' : output }).toEqual({ status: 0, output: '' });
      const committed = readFileSync(
        join(ROOT, 'libs', 'api-client', 'src', 'schema.d.ts'),
        'utf8',
      );
      // A failure here: run `npm run api:client` and commit the result.
      expect(readFileSync(out, 'utf8') === committed).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
