import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { startApiHarness, type ApiHarness, type TokenClaims } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';

// Shared by the e2e files that drive the API over HTTP with a worker in the same process
// (projections, follow-up timers, retention): the set-up, one token per person, and calls
// that read their own writes (each GET awaits the last Event-Position seen).

export type Res = { status: number; body: Record<string, unknown>; text: string; headers: Record<string, string> };
type Method = 'get' | 'post' | 'put' | 'delete';

export interface ApiWithWorker {
  /** The harness and the worker, set in the file's first beforeAll. */
  readonly h: ApiHarness;
  readonly worker: INestApplicationContext;
  readonly tokens: Record<string, string>;
  /** The last Event-Position seen (a test that appends to the store directly sets it). */
  position: string;
  call(who: string, method: Method, path: string, body?: object, headers?: Record<string, string>): Promise<Res>;
  /** As call, but throws on anything but 2xx. */
  ok(who: string, method: Method, path: string, body?: object, headers?: Record<string, string>): Promise<Res>;
}

/** The last segment of a problem+json's type: `case-erased`, `legal-hold`... */
export const problemType = (res: Res): string | undefined => String(res.body.type).split('/').pop();

/**
 * Registers beforeAll/afterAll that start the API (its own test database, the queue under
 * `iln-e2e-<queue>-…`) and a worker on it, and make a token for each person named
 * "<namePrefix> <key>" of thurrock-council unless the claims say otherwise.
 */
export function apiWithWorker(options: { queue: string; namePrefix: string; people: Record<string, TokenClaims> }): ApiWithWorker {
  let h: ApiHarness | undefined;
  let worker: INestApplicationContext | undefined;
  const tokens: Record<string, string> = {};
  const self: ApiWithWorker = {
    get h() {
      if (!h) throw new Error('the API is not started yet (use it inside a test or a later beforeAll)');
      return h;
    },
    get worker() {
      if (!worker) throw new Error('the worker is not started yet');
      return worker;
    },
    tokens,
    position: '',
    async call(who, method, path, body, headers = {}) {
      let req = self.h.http()[method](path).set('Authorization', `Bearer ${tokens[who]}`);
      for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
      if (method === 'get' && self.position) req = req.set('Await-Position', self.position);
      const res = await (body ? req.send(body) : req);
      if (res.headers['event-position']) self.position = res.headers['event-position'];
      return { status: res.status, body: res.body as Record<string, unknown>, text: JSON.stringify(res.body), headers: res.headers as Record<string, string> };
    },
    async ok(who, method, path, body, headers) {
      const res = await self.call(who, method, path, body, headers);
      if (res.status >= 300) throw new Error(`${who} ${method} ${path}: ${res.status} ${res.text}`);
      return res;
    },
  };
  beforeAll(async () => {
    h = await startApiHarness({
      createApp: (config) => createApiApp(config, { logs: false }),
      env: { QUEUE_PREFIX: `iln-e2e-${options.queue}-${randomUUID().slice(0, 8)}` },
    });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(h.config), { logger: false });
    await worker.init();
    for (const [k, claims] of Object.entries(options.people)) tokens[k] = await h.token({ name: `${options.namePrefix} ${k}`, organisation: 'thurrock-council', ...claims });
  });
  afterAll(async () => {
    await worker?.close();
    await h?.close();
  });
  return self;
}
