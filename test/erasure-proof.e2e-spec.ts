import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import IORedis from 'ioredis';
import { startApiHarness, testRedisUrl, waitFor, type ApiHarness, type TokenClaims } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';

// The proof (issue 16, "Tests and figures"): after erasing a case, a pg_dump of the
// whole database and a scan of every Redis key and value hold none of its personal data;
// the access audit still shows who erased it and when; another resident's case is still
// all there (so the scan can fail). Every personal field gets a string found nowhere else.

const PG_DUMP = '/usr/lib/postgresql/15/bin/pg_dump';
/**
 * Every schema, table and row of the test database: pg_dump of all of it but the access
 * audit's schema, whose id sequence the service's role may use but not read (so pg_dump cannot
 * dump that table), and the audit's rows read as the service reads them.
 */
async function dumpAll(h: ApiHarness): Promise<string> {
  const dump = execFileSync(PG_DUMP, ['--exclude-schema=audit', h.db.url], { maxBuffer: 512 * 1024 * 1024 }).toString();
  const { rows } = await h.pool.query<{ row: string }>(`SELECT to_jsonb(a)::text AS row FROM audit.access_audit a`);
  expect(rows.length).toBeGreaterThan(0);
  return `${dump}\n${rows.map((r) => r.row).join('\n')}`;
}

/** A distinctive string per personal field, for the case to erase (`Erz`) or the one to keep (`Kep`). */
function markers(tag: 'Erz' | 'Kep') {
  const m = (field: string) => `${tag}${field}Qv${tag === 'Erz' ? 7 : 3}`;
  return {
    givenName: m('Given'),
    familyName: m('Family'),
    dateOfBirth: tag === 'Erz' ? '1923-02-17' : '1927-11-05',
    nhsNumber: tag === 'Erz' ? '7291836468' : '6135729489',
    postcode: tag === 'Erz' ? 'QW9 7ZX' : 'QW8 3ZY',
    address: m('Address'),
    reason: m('OpenReason'),
    need: m('Need'),
    whatMatters: m('WhatMatters'),
    note: m('Note'),
    restrictedNote: m('RestrictedNote'),
    planWhatMatters: m('PlanWhatMatters'),
    goal: m('Goal'),
    action: m('Action'),
    actionOwner: m('ActionOwner'),
    informalSupport: m('InformalSupport'),
    riskAccepted: m('RiskAccepted'),
    agreeNote: m('AgreeNote'),
    reviewSummary: m('ReviewSummary'),
    inputRequest: m('InputRequest'),
    inputSummary: m('InputSummary'),
    declinedInputRequest: m('DeclinedRequest'),
    inputDeclineReason: m('DeclineReason'),
    concern: m('Concern'),
    rationale: m('Rationale'),
    desiredOutcomes: m('DesiredOutcomes'),
    flagReviewNote: m('FlagReview'),
    flagLiftReason: m('FlagLift'),
    consentNote: m('ConsentNote'),
    handoverReason: m('HandoverReason'),
    handoverDeclineReason: m('HandoverDecline'),
    correctionAddress: m('CorrectedAddress'),
    closeReason: m('CloseReason'),
    outcomeSummary: m('OutcomeSummary'),
    reopenReason: m('ReopenReason'),
    followUpNote: m('FollowUpNote'),
    eraseReason: m('EraseReason'),
  };
}

/** Every key of the Redis database and what it holds, as text. */
async function redisText(redis: IORedis): Promise<string> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      out.push(key);
      if (type === 'string') out.push((await redis.get(key)) ?? '');
      else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      else if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)));
      else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES')));
      else if (type === 'stream') out.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      else out.push(`<${type}>`);
    }
  } while (cursor !== '0');
  return out.join('\n');
}

describe('erasure: the proof', () => {
  let h: ApiHarness;
  let worker: INestApplicationContext;
  let redis: IORedis;
  let position = '';
  const prefix = `iln-e2e-proof-${randomUUID().slice(0, 8)}`;
  const tokens: Record<string, string> = {};
  const people: Record<string, TokenClaims> = {
    tm: { sub: 'pf-tm', roles: ['team-manager', 'practitioner'], localities: ['grays'] },
    lead: { sub: 'pf-lead', roles: ['safeguarding-lead'], localities: ['grays'] },
    officer: { sub: 'pf-officer', roles: ['records-officer'], localities: [] },
    auditor: { sub: 'pf-auditor', roles: ['auditor'], localities: ['*'] },
  };

  const send = async (who: string, method: 'get' | 'post' | 'put', path: string, body?: object) => {
    const req = h.http()[method](path).set('Authorization', `Bearer ${tokens[who]}`);
    if (method === 'get' && position) req.set('Await-Position', position);
    const res = await (body ? req.send(body) : req);
    if (res.headers['event-position']) position = res.headers['event-position'];
    if (res.status >= 300) throw new Error(`${who} ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  };

  /** A case with every personal field filled with its marker, through the whole of its life. */
  async function livedCase(s: ReturnType<typeof markers>): Promise<string> {
    const resident = { givenName: s.givenName, familyName: s.familyName, dateOfBirth: s.dateOfBirth, nhsNumber: s.nhsNumber, postcode: s.postcode, address: s.address };
    const { caseId: id } = await send('tm', 'post', '/api/cases', { resident, localityId: 'grays', source: 'gp', reason: s.reason, needs: [s.need], whatMatters: s.whatMatters });
    const at = `/api/cases/${id as string}`;
    await send('tm', 'post', `${at}/coordinator`, { practitionerId: 'pf-tm', practitionerName: 'Pf Manager' });
    await send('tm', 'post', `${at}/notes`, { text: s.note, restricted: false });
    await send('tm', 'post', `${at}/notes`, { text: s.restrictedNote, restricted: true });
    await send('tm', 'put', `${at}/care-plan`, {
      whatMatters: s.planWhatMatters,
      goals: [{ id: 'g1', description: s.goal }],
      actions: [{ id: 'a1', description: s.action, owner: { kind: 'informal', name: s.actionOwner }, goalId: 'g1', dueDate: '2099-01-31' }],
      informalSupport: [s.informalSupport],
      risksAccepted: [s.riskAccepted],
    });
    await send('tm', 'post', `${at}/care-plan/agree`, { agreedWithResident: true, note: s.agreeNote });
    await send('tm', 'post', `${at}/care-plan/reviews`, { summary: s.reviewSummary });
    const { inputId } = await send('tm', 'post', `${at}/specialist-inputs`, { serviceId: 'community-nursing', mode: 'brokered', urgency: 'routine', request: s.inputRequest });
    await send('tm', 'post', `${at}/specialist-inputs/${inputId as string}/accept`, {});
    await send('tm', 'post', `${at}/specialist-inputs/${inputId as string}/deliver`, { summary: s.inputSummary });
    const declined = await send('tm', 'post', `${at}/specialist-inputs`, { serviceId: 'community-nursing', mode: 'brokered', urgency: 'routine', request: s.declinedInputRequest });
    await send('tm', 'post', `${at}/specialist-inputs/${declined.inputId as string}/decline`, { reason: s.inputDeclineReason });
    const { concernId } = await send('tm', 'post', `${at}/safeguarding-concerns`, { categories: ['neglect'], risk: 'high', summary: s.concern });
    await send('lead', 'post', `${at}/safeguarding-concerns/${concernId as string}/decision`, { section42: true, rationale: s.rationale });
    await send('lead', 'post', `${at}/safeguarding-concerns/${concernId as string}/conclusion`, { outcome: 'risk-reduced', desiredOutcomesAsked: true, desiredOutcomes: s.desiredOutcomes, outcomesMet: 'partially' });
    await send('tm', 'post', `${at}/safeguarding-flag/review`, { note: s.flagReviewNote });
    await send('tm', 'post', `${at}/safeguarding-flag/lift`, { reason: s.flagLiftReason });
    await send('tm', 'post', `${at}/consent`, { status: 'given', organisations: ['nelft'], note: s.consentNote });
    const { handoverId } = await send('tm', 'post', `${at}/handovers`, { toPractitionerId: 'p-grays-2', toPractitionerName: 'Priya Testwell', reason: s.handoverReason });
    await send('tm', 'post', `${at}/handovers/${handoverId as string}/decline`, { reason: s.handoverDeclineReason });
    await send('tm', 'post', `${at}/resident`, { address: s.correctionAddress, reason: s.correctionAddress });
    const day = 86_400_000;
    await send('tm', 'post', `${at}/hospital-admissions`, { hospital: 'Basildon University Hospital', admittedAt: new Date(Date.now() - 3 * day).toISOString() });
    await send('tm', 'post', `${at}/discharges`, { dischargedAt: new Date(Date.now() - day).toISOString(), pathway: 1 });
    const detail = await send('tm', 'get', at);
    const welfare = (detail.followUps as Array<{ followUpId: string; status: string; kind: string }>).find((f) => f.kind === 'post-discharge-welfare-check' && f.status !== 'completed');
    if (!welfare) throw new Error('expected a welfare check after the discharge');
    await send('tm', 'post', `${at}/follow-ups/${welfare.followUpId}/complete`, { note: s.followUpNote, outcome: 'well' });
    await send('tm', 'post', `${at}/close`, { reason: s.closeReason, outcomeSummary: s.outcomeSummary });
    await send('tm', 'post', `${at}/reopen`, { reason: s.reopenReason });
    return id as string;
  }

  beforeAll(async () => {
    h = await startApiHarness({ createApp: (config) => createApiApp(config, { logs: false }), env: { QUEUE_PREFIX: prefix } });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(h.config), { logger: false });
    await worker.init();
    redis = new IORedis(testRedisUrl(), { maxRetriesPerRequest: 3 });
    for (const [k, claims] of Object.entries(people)) tokens[k] = await h.token({ name: `Pf ${k}`, organisation: 'thurrock-council', ...claims });
  });

  afterAll(async () => {
    redis?.disconnect();
    await worker?.close();
    await h?.close();
  });

  it('leaves none of the erased case in a pg_dump of the whole database nor in Redis; the audit and the other case stay', async () => {
    const erz = markers('Erz');
    const kep = markers('Kep');
    const erased = await livedCase(erz);
    const kept = await livedCase(kep);
    // Projections and follow-up timers have run: the read models hold the case, Redis its timers' jobs.
    await send('tm', 'get', `/api/cases/${kept}`);
    await waitFor(async () => (await redisText(redis)).includes(erased), { timeoutMs: 20_000, description: "the erased case's follow-up jobs in Redis" });
    const before = await dumpAll(h);
    const valuesOf = (s: ReturnType<typeof markers>) => Object.entries(s).filter(([k]) => k !== 'postcode');
    // Before: the read models hold both cases in clear (so the scan below can fail).
    for (const [field, value] of valuesOf(erz).filter(([k]) => ['givenName', 'note', 'restrictedNote', 'concern', 'inputRequest'].includes(k))) {
      expect([field, before.includes(value)]).toEqual([field, true]);
    }

    const res = await h.http().post(`/api/cases/${erased}/erase`).set('Authorization', `Bearer ${tokens.officer}`).set('Idempotency-Key', `proof-${erased}`).send({ reason: erz.eraseReason });
    expect(res.status).toBe(200);
    position = res.headers['event-position'];
    // The projections have met CaseErased, the timers its cancelled follow-ups.
    await send('tm', 'get', `/api/cases/${kept}`);
    await waitFor(
      async () => {
        const { rows } = await h.pool.query(`SELECT count(*)::int AS n FROM follow_up_timers WHERE case_id = $1 AND status IN ('open', 'overdue', 'escalated')`, [erased]);
        return rows[0].n === 0 && !(await redisText(redis)).includes(erased);
      },
      { timeoutMs: 20_000, description: "the erased case's follow-up jobs to leave Redis" },
    );

    const dump = await dumpAll(h);
    const inRedis = await redisText(redis);
    const spaced = (n: string) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
    const found = (text: string, s: ReturnType<typeof markers>) =>
      [...valuesOf(s), ['nhsNumberSpaced', spaced(s.nhsNumber)] as [string, string]].filter(([, value]) => text.includes(value)).map(([field]) => field);
    expect({ database: found(dump, erz), redis: found(inRedis, erz) }).toEqual({ database: [], redis: [] });
    // The case that was not erased is still all there (in its read models), so the scan can find things.
    expect(found(dump, kep)).toEqual(expect.arrayContaining(['givenName', 'familyName', 'nhsNumber', 'note', 'restrictedNote', 'planWhatMatters', 'inputRequest', 'concern']));

    // The access audit still says who erased the case, and when.
    const audit = await send('auditor', 'get', `/api/audit/access?caseId=${erased}&userId=pf-officer`);
    expect(audit.items).toEqual([expect.objectContaining({ userId: 'pf-officer', kind: 'command', action: 'POST /api/cases/:id/erase', outcome: 200, occurredAt: expect.any(String) })]);
    const gone = await h.http().get(`/api/cases/${erased}`).set('Authorization', `Bearer ${tokens.tm}`);
    expect([gone.status, gone.body.erasedAt]).toEqual([410, res.body.erasedAt]);
  });
});
