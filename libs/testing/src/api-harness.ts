import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import request from 'supertest';
import { AppConfig, loadConfig } from '@iln/platform';
import { upsertReferenceData, type Role } from '@iln/case-coordination';
import { createApiClient, type ApiClient } from '@iln/api-client';
import { contractValidator } from './contract';
import { createTestDatabase, testRedisUrl, type TestDatabase } from './database';

export interface TokenClaims {
  sub?: string;
  name?: string;
  roles?: Role[];
  organisation?: string;
  teams?: string[];
  localities?: string[];
}

export interface ApiHarness {
  app: INestApplication;
  config: AppConfig;
  db: TestDatabase;
  /** A pool on the test database, for assertions on stored rows. */
  pool: Pool;
  baseUrl: string;
  /**
   * supertest bound to the running server: `h.http().post('/api/cases')`. Every answer is
   * checked against docs/openapi.json (contract.ts): a mismatch fails the request.
   */
  http(): ReturnType<typeof request>;
  /** The generated typed client (libs/api-client) with a bearer token; answers checked like http()'s. */
  client(token?: string): ApiClient;
  /** A dev token; defaults: a practitioner working in every locality. */
  token(claims?: TokenClaims): Promise<string>;
  seedReferenceData(): Promise<void>;
  close(): Promise<void>;
}

export interface ApiHarnessOptions {
  /** The API app factory (apps/api's createApiApp): passed in because libs never import apps. */
  createApp(config: AppConfig): Promise<INestApplication>;
  env?: Record<string, string>;
  seedReferenceData?: boolean;
}

/**
 * The API in-process on an ephemeral loopback port, against a fresh migrated database
 * and the test Redis. One per test file; `close()` stops the app and drops the database.
 */
export async function startApiHarness(options: ApiHarnessOptions): Promise<ApiHarness> {
  const db = await createTestDatabase();
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    AUTH_MODE: 'dev',
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    PORT: '0',
    LOG_LEVEL: 'silent',
    FOLLOW_UP_POLICY_FILE: '',
    // Tests of the API, not of its rate limits (test/rate-limits.e2e-spec.ts), from one address.
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_PER_IP_PER_MINUTE: '0',
    // Rate-limit counters (and queues) live in Redis under this prefix: one per app, so a
    // test's budget is its own, not shared with other files or apps on the test Redis.
    QUEUE_PREFIX: `iln-h-${randomUUID().slice(0, 8)}`,
    ...options.env,
  });
  const pool = new Pool({ connectionString: db.url, max: 3 });
  // An idle client whose server session ends (the database dropped) emits 'error' on the
  // pool; without a listener that is an uncaught exception in the test file.
  pool.on('error', () => undefined);
  let app: INestApplication | undefined;
  try {
    app = await options.createApp(config);
    await app.listen(0, '127.0.0.1');
  } catch (e) {
    await app?.close().catch(() => undefined);
    await pool.end();
    await db.drop();
    throw e;
  }
  const server = app.getHttpServer() as { address(): { port: number } };
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  const started = app;

  const harness: ApiHarness = {
    app: started,
    config,
    db,
    pool,
    baseUrl,
    http: () => checkedRequest(baseUrl),
    client: (token) => checkedClient(baseUrl, token),
    async token(claims = {}) {
      const res = await checkedRequest(baseUrl)
        .post('/api/auth/dev-token')
        .send({
          sub: claims.sub ?? 'p-test-1',
          name: claims.name ?? 'Test Practitioner',
          roles: claims.roles ?? ['practitioner'],
          organisation: claims.organisation ?? 'thurrock-council',
          teams: claims.teams ?? [],
          localities: claims.localities ?? ['*'],
        });
      if (res.status !== 200) throw new Error(`dev token refused: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { accessToken: string }).accessToken;
    },
    seedReferenceData: () => upsertReferenceData(pool),
    async close() {
      // The app and the pool first, the database last, whichever step fails.
      try {
        await started.close();
      } finally {
        try {
          await pool.end();
        } finally {
          await db.drop();
        }
      }
    },
  };
  if (options.seedReferenceData ?? true) await harness.seedReferenceData();
  return harness;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** Supertest whose every request also asserts its answer keeps to the OpenAPI document. */
export function checkedRequest(baseUrl: string): ReturnType<typeof request> {
  const agent = request(baseUrl);
  const checked = Object.create(agent) as ReturnType<typeof request>;
  for (const method of METHODS) {
    Object.defineProperty(checked, method, {
      value: (url: string) =>
        agent[method](url).expect((res: request.Response) => {
          contractValidator().assert({
            method,
            url,
            status: res.status,
            contentType: res.headers['content-type'] as string | undefined,
            headers: res.headers as Record<string, unknown>,
            // supertest parses JSON only; any other answer (a printable page) is its text.
            body: res.text === '' || res.text === undefined ? undefined : /json/.test(String(res.headers['content-type'] ?? '')) ? res.body : res.text,
          });
        }),
    });
  }
  return checked;
}

/** The generated client, with a middleware asserting each answer keeps to the OpenAPI document. */
export function checkedClient(baseUrl: string, token?: string): ApiClient {
  const client = createApiClient(baseUrl, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  client.use({
    async onResponse({ request: req, response }) {
      const text = await response.clone().text();
      const contentType = response.headers.get('content-type') ?? undefined;
      contractValidator().assert({
        method: req.method,
        url: req.url,
        status: response.status,
        contentType,
        headers: Object.fromEntries(response.headers.entries()),
        body: text === '' ? undefined : /json/.test(contentType ?? '') ? (JSON.parse(text) as unknown) : text,
      });
      return undefined;
    },
  });
  return client;
}

/** fetch, asserting the answer keeps to the OpenAPI document (for tests that speak raw HTTP). */
export async function checkedFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(input, init);
  const text = await response.clone().text();
  const contentType = response.headers.get('content-type') ?? undefined;
  contractValidator().assert({
    method: init.method ?? 'GET',
    url: String(input),
    status: response.status,
    contentType,
    headers: Object.fromEntries(response.headers.entries()),
    body: text === '' ? undefined : /json/.test(contentType ?? '') ? (JSON.parse(text) as unknown) : text,
  });
  return response;
}
