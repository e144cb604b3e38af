import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The tests run on the project's runtime: `npm test` and `npm run test:unit` re-run
// themselves on Node 24 from .local/runtime when the machine's node is older
// (scripts/lib/runtime.js), so this fails only when that provision is bypassed.
describe('runtime', () => {
  it('is Node 24 LTS or newer', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  it('is what package.json engines and the pinned provided version say', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(pkg.engines.node).toBe('>=24');
    const runtime = readFileSync(join(__dirname, 'lib', 'runtime.js'), 'utf8');
    const pinned = /const NODE_VERSION = '(\d+)\.\d+\.\d+'/.exec(runtime);
    expect(Number(pinned?.[1])).toBeGreaterThanOrEqual(24);
  });
});
