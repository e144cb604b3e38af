import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '@iln/platform';
import { createTestDatabase, TestDatabase, testRedisUrl, TEST_DATA_KEY_ENCRYPTION_KEY } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

// docs/openapi.json is the contract as the service serves it at /api/docs-json, committed
// so that a clone carries it. After changing the API, refresh it with
//   UPDATE_OPENAPI=1 npx jest test/openapi-document.e2e-spec.ts
// (with the test environment of `npm test`), and review the diff.
const FILE = join(__dirname, '..', 'docs', 'openapi.json');

describe('docs/openapi.json', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApiApp(
      loadConfig({
        DATABASE_URL: db.url,
        REDIS_URL: testRedisUrl(),
      DATA_KEY_ENCRYPTION_KEY: TEST_DATA_KEY_ENCRYPTION_KEY,
        LOG_LEVEL: 'silent',
        AUTH_MODE: 'dev',
        NODE_ENV: 'test',
      }),
      {
        logs: false,
      },
    );
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('is the document the API serves', async () => {
    const res = await request(app.getHttpServer()).get('/api/docs-json');
    expect(res.status).toBe(200);
    const served = res.body as { openapi: string; paths: Record<string, unknown> };
    expect(Object.keys(served.paths).length).toBeGreaterThan(10);
    if (process.env.UPDATE_OPENAPI === '1')
      writeFileSync(FILE, `${JSON.stringify(served, null, 2)}\n`);
    const committed = JSON.parse(readFileSync(FILE, 'utf8')) as unknown;
    expect(committed).toEqual(served);
  });
});
