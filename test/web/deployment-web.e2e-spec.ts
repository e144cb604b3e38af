import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadWebConfig } from '../../apps/web/src/config';

// docker-compose.yml's web service, checked without a Docker engine (the rest of the file:
// test/deployment.e2e-spec.ts).
const ROOT = join(__dirname, '..', '..');
type Service = { command: string[]; environment: Record<string, string>; depends_on: Record<string, { condition: string }>; healthcheck: { test: string[] }; ports?: string[] };

function loadCompose(env: Record<string, string> = {}): Record<string, Service> {
  const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8').replace(/\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}/g, (_m, name: string, fallback?: string) => env[name] || (fallback ?? ''));
  return (parse(text, { merge: true }) as { services: Record<string, Service> }).services;
}

describe('docker-compose.yml: the web app', () => {
  const services = loadCompose();
  const web = services.web;

  it('runs apps/web from the one image, after the API is healthy, on its own port', () => {
    expect(web.command.at(-1)).toBe('dist/apps/web/src/main.js');
    expect(existsSync(join(ROOT, 'apps/web/src/main.ts'))).toBe(true);
    expect(web.depends_on).toEqual({ api: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(web.healthcheck.test.join(' ')).toContain(`127.0.0.1:${web.environment.WEB_PORT}/health/live`);
    expect(web.ports).toEqual([`127.0.0.1:${web.environment.WEB_PORT}:${web.environment.WEB_PORT}`]);
    expect(services.worker.environment.WORKER_PORT).not.toBe(web.environment.WEB_PORT);
    expect(web.environment.API_URL).toBe(`http://api:${services.api.environment.PORT}`);
  });

  it('has no database access: the web app reaches data only through the API', () => {
    expect(Object.keys(web.environment).filter((k) => /DATABASE|POSTGRES|EVENTSTORE/.test(k))).toEqual([]);
  });

  it('gives the web app a configuration it accepts, and production needs a session secret and OIDC', () => {
    expect(() => loadWebConfig(web.environment)).not.toThrow();
    const prod = loadCompose({ NODE_ENV: 'production', AUTH_MODE: 'oidc' }).web.environment;
    expect(() => loadWebConfig(prod)).toThrow(/SESSION_SECRET/);
    const ready = loadCompose({ NODE_ENV: 'production', AUTH_MODE: 'oidc', SESSION_SECRET: 'x'.repeat(32), OIDC_ISSUER: 'https://login.example', OIDC_CLIENT_ID: 'iln-web' }).web.environment;
    expect(loadWebConfig(ready).production).toBe(true);
  });
});
