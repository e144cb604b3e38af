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
  // No usage reporting or update checks from redocly: the tests work offline.
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env });
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

interface Operation {
  operationId?: string;
  security?: unknown[];
  parameters?: Array<{ in: string; name: string }>;
  responses: Record<
    string,
    { description?: string; content?: Record<string, { schema?: unknown }> }
  >;
}

// What issue 12 asks of every operation, checked on the committed document.
describe('every operation in docs/openapi.json', () => {
  const document = JSON.parse(readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
  };
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      name: `${method.toUpperCase()} ${path}`,
      path,
      op,
    })),
  );
  const documented = operations;
  const failing = (check: (o: { path: string; op: Operation }) => boolean) =>
    documented.filter((o) => !check(o)).map((o) => o.name);

  it('has a named operationId (openCase, not CasesController_open), each used once', () => {
    expect(documented.length).toBeGreaterThan(30);
    expect(failing(({ op }) => /^[a-z][A-Za-z]+$/.test(op.operationId ?? ''))).toEqual([]);
    const ids = operations.map(({ op }) => op.operationId);
    expect(ids.length).toBe(new Set(ids).size);
  });

  it('has a schema for every 2xx answer with content', () => {
    expect(
      failing(({ op }) =>
        Object.entries(op.responses)
          .filter(([status]) => status.startsWith('2'))
          .every(
            ([, r]) =>
              Object.values(r.content ?? {}).length > 0 &&
              Object.values(r.content ?? {}).every((m) => m.schema !== undefined),
          ),
      ),
    ).toEqual([]);
  });

  it('documents 401 on every protected operation and 404 on every operation with a path id', () => {
    expect(failing(({ op }) => op.security?.length === 0 || '401' in op.responses)).toEqual([]);
    expect(failing(({ path, op }) => !path.includes('{') || '404' in op.responses)).toEqual([]);
  });

  it('documents every 4xx and 5xx as problem+json with the problem types it can carry', () => {
    expect(
      failing(({ op }) =>
        Object.entries(op.responses)
          .filter(([status]) => /^[45]/.test(status))
          .every(
            ([, r]) =>
              Object.keys(r.content ?? {}).join() === 'application/problem+json' &&
              /Types: \/problems\/[a-z-]+/.test(r.description ?? ''),
          ),
      ),
    ).toEqual([]);
  });
});
