// Fifty conflicting commands at once on one case, over HTTP: every acknowledged command
// is exactly one event at the version it was told, every other is a 409 or 412, and the
// case as the API shows it is the fold of its log.
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { caseDecider, type CaseEvent } from '@iln/case-coordination';
import { checkedFetch, startApiHarness, type ApiHarness } from '@iln/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { caller, openCase, type Caller } from '../cases-helpers';

jest.setTimeout(120_000);

interface Sent {
  kind: 'allocate' | 'care-team' | 'note-if-match' | 'note';
  requestId: string;
  status: number;
  body: Record<string, unknown>;
  contentType: string;
  position: string | null;
}

describe('races on one case', () => {
  let h: ApiHarness;
  let worker: INestApplicationContext;
  let manager: Caller;

  beforeAll(async () => {
    h = await startApiHarness({
      createApp: (config) => createApiApp(config, { logs: false }),
      env: { QUEUE_PREFIX: `iln-races-${randomUUID().slice(0, 8)}`, RATE_LIMIT_PER_MINUTE: '10000000', RATE_LIMIT_PER_IP_PER_MINUTE: '10000000' },
    });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(h.config), { logger: false });
    await worker.init();
    manager = await caller(h, { sub: 'tm-grays-1', name: 'Morgan Manager', roles: ['team-manager', 'practitioner'] });
  });

  afterAll(async () => {
    await worker?.close();
    await h?.close();
  });

  it('50 parallel conflicting commands: successes are the log, the rest 409/412, the case is the fold', async () => {
    const { caseId, version: v0 } = await openCase(h, manager);
    const kinds: Sent['kind'][] = [
      ...Array<Sent['kind']>(10).fill('allocate'),
      ...Array<Sent['kind']>(10).fill('care-team'),
      ...Array<Sent['kind']>(15).fill('note-if-match'),
      ...Array<Sent['kind']>(15).fill('note'),
    ];
    const send = async (kind: Sent['kind'], i: number): Promise<Sent> => {
      const requestId = randomUUID();
      const headers: Record<string, string> = { ...manager.auth, 'Content-Type': 'application/json', 'X-Request-Id': requestId };
      let path: string;
      let body: unknown;
      if (kind === 'allocate') {
        path = 'coordinator';
        body = { practitionerId: `p-grays-${i}`, practitionerName: `Coordinator ${i}` };
      } else if (kind === 'care-team') {
        path = 'care-team';
        body = { memberId: 'p-nurse-1', name: 'Nia Nurse', organisation: 'NELFT', role: 'community nurse' };
      } else {
        path = 'notes';
        body = { text: `Race note ${i}` };
        if (kind === 'note-if-match') headers['If-Match'] = `"${v0}"`;
      }
      const res = await checkedFetch(`${h.baseUrl}/api/cases/${caseId}/${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      return {
        kind,
        requestId,
        status: res.status,
        body: (await res.json()) as Record<string, unknown>,
        contentType: res.headers.get('content-type') ?? '',
        position: res.headers.get('event-position'),
      };
    };
    const sent = await Promise.all(kinds.map((k, i) => send(k, i)));

    const ok = sent.filter((s) => s.status === 200 || s.status === 201);
    const refused = sent.filter((s) => !ok.includes(s));
    for (const r of refused) {
      expect([409, 412]).toContain(r.status);
      expect(r.contentType).toMatch(/^application\/problem\+json/);
    }
    // The conflicts the domain forbids: one coordinator, one membership, one write at v0.
    expect(ok.filter((s) => s.kind === 'allocate')).toHaveLength(1);
    expect(ok.filter((s) => s.kind === 'care-team')).toHaveLength(1);
    expect(ok.filter((s) => s.kind === 'note-if-match').length).toBeLessThanOrEqual(1);
    for (const r of refused.filter((s) => s.kind === 'note-if-match')) expect(r.status).toBe(412);
    for (const r of refused.filter((s) => s.kind === 'allocate')) {
      expect(r.body.type).toMatch(/\/problems\/(coordinator-already-assigned|concurrent-modification)$/);
    }

    const log = await h.pool.query<{ version: string; type: string; data: unknown; correlation: string }>(
      `SELECT version, type, data, metadata->>'correlationId' AS correlation FROM es_events WHERE stream_id = $1 ORDER BY version`,
      [`case-${caseId}`],
    );
    const written = log.rows.filter((r) => Number(r.version) > v0);
    // Each success is exactly the event(s) carrying its request id, ending at the version it was told.
    for (const s of ok) {
      const mine = written.filter((r) => r.correlation === s.requestId);
      expect(mine.length).toBeGreaterThanOrEqual(1);
      expect(Number(mine[mine.length - 1].version)).toBe(s.body.version);
    }
    // ...and nothing else was written: no refused command left an event behind.
    const acknowledged = new Set(ok.map((s) => s.requestId));
    expect(written.filter((r) => !acknowledged.has(r.correlation))).toEqual([]);
    expect(new Set(ok.map((s) => s.body.version)).size).toBe(ok.length);

    const folded = log.rows.reduce((state, r) => caseDecider.evolve(state, { type: r.type, data: r.data } as CaseEvent), caseDecider.initialState());
    expect(folded.careTeam.filter((m) => m === 'p-nurse-1')).toHaveLength(1);
    const allocated = ok.find((s) => s.kind === 'allocate')!;
    const allocatedId = `p-grays-${sent.indexOf(allocated)}`;
    expect(folded.coordinator?.id).toBe(allocatedId);

    // The read side agrees with the fold once it has caught up with the last write.
    const last = ok.reduce((a, b) => ((a.body.version as number) > (b.body.version as number) ? a : b));
    const detail = await h.http().get(`/api/cases/${caseId}`).set(manager.auth).set('Await-Position', last.position ?? '');
    expect(detail.status).toBe(200);
    expect(detail.body.version).toBe(log.rows.length);
    expect(detail.body.coordinator).toMatchObject({ id: folded.coordinator?.id });
    expect((detail.body.careTeam as Array<{ memberId: string }>).map((m) => m.memberId).sort()).toEqual([...folded.careTeam].sort());
    const timeline = await h.http().get(`/api/cases/${caseId}/timeline`).set(manager.auth).set('Await-Position', last.position ?? '');
    expect(timeline.status).toBe(200);
    expect((timeline.body.items as Array<{ type: string }>).map((i) => i.type)).toEqual(log.rows.map((r) => r.type));

    process.stdout.write(
      `races: ${sent.length} commands, ${ok.length} acknowledged (all in the log at their versions), ` +
        `${refused.filter((s) => s.status === 409).length} 409, ${refused.filter((s) => s.status === 412).length} 412\n`,
    );
  });
});
