// Follow-ups over HTTP, with the worker running in-process: time acts on a case.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthRegistry } from '@iln/platform';
import { startApiHarness, waitFor, type ApiHarness } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { caller, openCase, type Caller } from './cases-helpers';

jest.setTimeout(90_000);

describe('follow-ups chase themselves', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iln-fu-'));
  let h: ApiHarness;
  let worker: INestApplicationContext;
  let practitioner: Caller;
  let manager: Caller;

  beforeAll(async () => {
    const policyFile = join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ 'allocate-coordinator': 'PT2S', 'escalation-grace': 'PT2S', 'post-discharge-welfare-check': 'PT3S' }));
    h = await startApiHarness({
      createApp: (config) => createApiApp(config, { logs: false }),
      env: { FOLLOW_UP_POLICY_FILE: policyFile, QUEUE_PREFIX: `iln-e2e-fu-${randomUUID().slice(0, 8)}` },
    });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(h.config), { logger: false });
    await worker.init();
    practitioner = await caller(h);
    manager = await caller(h, { sub: 'tm-grays-1', name: 'Morgan Manager', roles: ['team-manager'] });
  });

  afterAll(async () => {
    await worker?.close();
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const followUps = async (caseId: string) => {
    const res = await h.http().get(`/api/cases/${caseId}`).set(manager.auth);
    return res.status === 200 ? (res.body.followUps as Array<{ kind: string; status: string; dueAt: string }>) : [];
  };
  const streamTypes = async (caseId: string) =>
    (
      await h.pool.query<{ type: string }>(`SELECT type FROM es_events WHERE stream_id = $1 ORDER BY version`, [
        `case-${caseId}`,
      ])
    ).rows.map((r) => r.type);

  it('an unallocated case becomes overdue, then escalated into the team manager worklist', async () => {
    const { caseId } = await openCase(h, practitioner);
    await waitFor(async () => (await followUps(caseId)).find((f) => f.kind === 'allocate-coordinator' && f.status === 'escalated'), {
      timeoutMs: 30_000,
      description: 'the allocation follow-up escalated',
    });
    const types = await streamTypes(caseId);
    expect(types.filter((t) => t === 'FollowUpBecameOverdue')).toHaveLength(1);
    expect(types.filter((t) => t === 'FollowUpEscalated')).toHaveLength(1);

    const item = await waitFor(async () => {
      const res = await h.http().get('/api/worklist').set(manager.auth);
      return (res.body.items as Array<Record<string, unknown>> | undefined)?.find((i) => i.caseId === caseId && i.escalated === true);
    }, { timeoutMs: 15_000, description: 'escalation in the manager worklist' });
    expect(item).toMatchObject({ kind: 'follow-up', followUpKind: 'allocate-coordinator', overdue: true, escalated: true });
  });

  it('a reopened case chases again the welfare check its closing cancelled, and not what was done', async () => {
    const { caseId } = await openCase(h, practitioner);
    const post = async (path: string, body: object, who: Caller = practitioner) => {
      const res = await h.http().post(`/api/cases/${caseId}${path}`).set(who.auth).send(body);
      expect(res.status).toBeLessThan(300);
      return res;
    };
    await post('/coordinator', { practitionerId: practitioner.id, practitionerName: 'Alex Fictionby' }, manager);
    await post('/hospital-admissions', { hospital: 'Basildon', admittedAt: new Date(Date.now() - 86_400_000).toISOString() });
    await post('/discharges', { dischargedAt: new Date().toISOString(), pathway: 0 });
    await post('/close', { reason: 'Settled at home', outcomeSummary: 'Living well' });
    await post('/reopen', { reason: 'Another fall' });

    const welfare = await waitFor(
      async () => {
        const checks = (await followUps(caseId)).filter((f) => f.kind === 'post-discharge-welfare-check');
        return checks.some((f) => f.status === 'overdue') ? checks : undefined;
      },
      { timeoutMs: 30_000, description: 'the welfare check overdue after reopening' },
    );
    // The one closing cancelled stays cancelled; reopening made a new one with the same due time.
    expect(welfare.map((f) => f.status).sort()).toEqual(['cancelled', 'overdue']);
    expect(new Set(welfare.map((f) => f.dueAt)).size).toBe(1);
    const all = await followUps(caseId);
    expect(all.filter((f) => f.kind === 'allocate-coordinator').map((f) => f.status)).toEqual(['completed']);
  });

  it('the worker reports its queue connection as ready', async () => {
    const { checks } = await worker.get(HealthRegistry).run();
    expect(checks.queues).toEqual({ status: 'up', detail: { connection: 'ready', worker: 'running' } });
  });

  describe('/admin/queues', () => {
    it('needs a bearer token: 401 problem+json', async () => {
      const res = await h.http().get('/admin/queues');
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(JSON.parse(res.text)).toMatchObject({ type: '/problems/unauthenticated', status: 401 });
    });

    it('refuses an invalid token: 401', async () => {
      const res = await h.http().get('/admin/queues').set('Authorization', 'Bearer not.a.token');
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text)).toMatchObject({ type: '/problems/invalid-token' });
    });

    it('is for admins only: 403 problem+json for a team manager', async () => {
      const res = await h.http().get('/admin/queues/api/queues').set(manager.auth);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.text)).toMatchObject({ type: '/problems/forbidden', status: 403 });
    });

    it('shows an admin the follow-up queue', async () => {
      const admin = await caller(h, { sub: 'ops-1', name: 'Ops', roles: ['admin'] });
      const page = await h.http().get('/admin/queues').set(admin.auth);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const api = await h.http().get('/admin/queues/api/queues').set(admin.auth);
      expect(api.status).toBe(200);
      expect((api.body.queues as Array<{ name: string }>).map((q) => q.name)).toEqual(['follow-ups']);
    });
  });
});
