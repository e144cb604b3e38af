// Real PostgreSQL and Redis; durations in seconds through a policy override.
jest.setTimeout(60_000);

import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { Pool } from 'pg';
import { createEventStore, type EventStore } from '@iln/event-store';
import { Metrics } from '@iln/platform';
import { createTestDatabase, testRedisUrl, waitFor, type TestDatabase } from '@iln/testing';
import { CaseCommandService } from '../application/case-command.service';
import { CaseCommands, type CommandMeta, type CommandResult } from '../application/case-commands';
import { EnglandWorkingCalendar } from '../calendar/england-working-calendar';
import type { CaseCommand } from '../domain/commands';
import { parsePolicyOverrides, type FollowUpPolicy } from '../domain/policy';
import { followUpJobId } from './follow-up-jobs';
import { createFollowUpQueue, FollowUpTimerQueue, followUpRedisConnection } from './follow-up-queue';
import { FollowUpReconciler } from './follow-up-reconciler';
import { FollowUpScheduler } from './follow-up-scheduler';
import { FollowUpTimerStore } from './follow-up-timer.store';
import { FollowUpTimers, type FollowUpTimersOptions } from './follow-up-timers.runtime';

function secondsPolicy(overrides: Record<string, string>): FollowUpPolicy {
  const parsed = parsePolicyOverrides({ 'allocate-coordinator': 'PT2S', 'escalation-grace': 'PT2S', 'post-discharge-welfare-check': 'PT3S', ...overrides });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.policy;
}
const policy = secondsPolicy({});
const calendar = new EnglandWorkingCalendar();
const prefix = `iln-t-fu-${randomUUID().slice(0, 8)}`;
const worker = { lockDuration: 1_000, stalledInterval: 500 };

const manager = { id: 'tm-1', name: 'Team Manager', roles: ['team-manager' as const], organisation: 'council', teams: [], localities: ['*'] };
const meta = (): CommandMeta => ({ actor: manager, correlationId: randomUUID() });

let db: TestDatabase;
let pool: Pool;
let events: EventStore;
let commands: CaseCommandService;
let redis: IORedis;
const running: FollowUpTimers[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new Pool({ connectionString: db.url, max: 10 });
  events = createEventStore({ kind: 'postgres', pool });
  commands = new CaseCommandService(events, { policy }, calendar, new Metrics('test'));
  redis = new IORedis(testRedisUrl(), { maxRetriesPerRequest: 1 });
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.stop()));
});

afterAll(async () => {
  await deleteQueueKeys();
  redis.disconnect();
  await events.close();
  await pool.end();
  await db.drop();
});

function startTimers(over: Partial<FollowUpTimersOptions> = {}): FollowUpTimers {
  const timers = new FollowUpTimers({ redisUrl: testRedisUrl(), prefix, pool, events, commands, policy, calendar, worker, ...over });
  timers.start();
  running.push(timers);
  return timers;
}

/** Everything this file's queue holds in Redis, as FLUSHDB would, without touching other files' queues. */
async function deleteQueueKeys(): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

async function openCase(): Promise<{ caseId: string; followUpId: string }> {
  const caseId = randomUUID();
  const result = await commands.execute(
    caseId,
    {
      type: 'OpenCase',
      data: {
        caseId,
        reference: `ILN-GRA-${caseId.slice(0, 6)}`,
        resident: { givenName: 'Test', familyName: 'Resident', dateOfBirth: '1940-01-01' },
        localityId: 'grays',
        source: 'gp',
        reason: 'falls at home',
      },
    },
    meta(),
  );
  const scheduled = result.events.find((e) => e.type === 'FollowUpScheduled');
  if (scheduled?.type !== 'FollowUpScheduled') throw new Error('opening a case schedules the allocation follow-up');
  return { caseId, followUpId: scheduled.data.followUpId };
}

async function streamTypes(caseId: string): Promise<string[]> {
  return (await events.readStream(`case-${caseId}`)).events.map((e) => e.type);
}

const count = (types: string[], type: string) => types.filter((t) => t === type).length;

async function waitForEvent(caseId: string, type: string, timeoutMs = 20_000): Promise<string[]> {
  return waitFor(async () => {
    const types = await streamTypes(caseId);
    return types.includes(type) ? types : undefined;
  }, { timeoutMs, description: `${type} in case ${caseId}` });
}

describe('follow-up timers (BullMQ, real Redis and PostgreSQL)', () => {
  it('a case opened with no coordinator becomes overdue after its due time and is escalated after the grace', async () => {
    startTimers();
    const { caseId, followUpId } = await openCase();
    const overdueAt = await waitForEvent(caseId, 'FollowUpBecameOverdue');
    expect(count(overdueAt, 'FollowUpEscalated')).toBe(0);
    const types = await waitForEvent(caseId, 'FollowUpEscalated');
    expect(count(types, 'FollowUpBecameOverdue')).toBe(1);
    expect(count(types, 'FollowUpEscalated')).toBe(1);

    const { events: stream } = await events.readStream(`case-${caseId}`);
    const overdue = stream.find((e) => e.type === 'FollowUpBecameOverdue')!;
    const escalated = stream.find((e) => e.type === 'FollowUpEscalated')!;
    const due = new Date((overdue.data as { dueAt: string }).dueAt).getTime();
    expect(overdue.recordedAt.getTime()).toBeGreaterThanOrEqual(due);
    expect(escalated.recordedAt.getTime()).toBeGreaterThanOrEqual(due + 2_000);
    expect(escalated.data).toMatchObject({ followUpId, localityId: 'grays' });
    expect(overdue.metadata.actor).toEqual({ id: 'system-follow-up-timer', name: 'Follow-up timer' });
    // The command is caused by the event that set the timer, in the conversation that opened the case.
    const opened = stream.find((e) => e.type === 'FollowUpScheduled')!;
    expect(overdue.metadata).toMatchObject({ causationId: opened.eventId, correlationId: opened.metadata.correlationId });
    expect(escalated.metadata.causationId).toBe(overdue.eventId);

    const store = new FollowUpTimerStore(pool);
    await waitFor(async () => (await store.get(followUpId))?.status === 'escalated', { description: 'timer escalated' });
  });

  it('a coordinator allocated before the due time: the job is removed and the follow-up never becomes overdue', async () => {
    const timers = startTimers();
    const early = await openCase();
    const jobId = followUpJobId('overdue', early.followUpId);
    await waitFor(async () => (await timers.queue.getJob(jobId)) ?? undefined, { description: 'overdue job queued' });
    await commands.execute(early.caseId, { type: 'AllocateCoordinator', data: { practitionerId: 'p-1', practitionerName: 'Pat' } }, meta());
    await waitFor(async () => (await timers.queue.getJob(jobId)) === undefined, { description: 'job removed' });
    // A case opened afterwards and left alone is a barrier: once it is overdue, the first one's time has passed too.
    const barrier = await openCase();
    await waitForEvent(barrier.caseId, 'FollowUpBecameOverdue');
    const types = await streamTypes(early.caseId);
    expect(types).toContain('FollowUpCompleted');
    expect(count(types, 'FollowUpBecameOverdue')).toBe(0);
  });

  it('the same FollowUpScheduled delivered twice makes one job', async () => {
    // No worker: only the scheduler's effect on Redis is looked at.
    const connection = followUpRedisConnection(testRedisUrl());
    const queue = createFollowUpQueue(connection, `${prefix}-dup`);
    try {
      const store = new FollowUpTimerStore(pool);
      const scheduler = new FollowUpScheduler(events, store, new FollowUpTimerQueue(queue), policy, calendar);
      const before = await store.checkpoint();
      const { caseId, followUpId } = await openCase();
      const batch = (await events.readStream(`case-${caseId}`)).events;

      await scheduler.flush(batch);
      // The crash the at-least-once order allows: Redis was changed, the checkpoint never committed.
      await pool.query(`UPDATE follow_up_checkpoints SET position = $1`, [before]);
      await pool.query(`DELETE FROM follow_up_timers WHERE follow_up_id = $1`, [followUpId]);
      await scheduler.flush(batch);

      const jobs = (await queue.getJobs(['delayed', 'waiting', 'active'])).filter((j) => j.data.followUpId === followUpId);
      expect(jobs.map((j) => j.id)).toEqual([followUpJobId('overdue', followUpId)]);
      expect((await store.get(followUpId))?.status).toBe('open');
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await connection.quit();
    }
  });

  it('Redis flushed while follow-ups are open: reconcile recreates the jobs and they fire', async () => {
    const first = startTimers();
    const a = await openCase();
    const b = await openCase();
    await waitFor(async () => (await first.queue.getJob(followUpJobId('overdue', b.followUpId))) ?? undefined, {
      description: 'jobs queued',
    });
    expect(await first.health()).toEqual({ status: 'up', detail: { connection: 'ready', worker: 'running' } });
    await first.stop();
    running.splice(running.indexOf(first), 1);
    // What /health/ready shows once this process no longer processes the queue.
    expect(await first.health()).toMatchObject({ status: 'down', detail: { worker: 'stopped' } });
    expect(await deleteQueueKeys()).toBeGreaterThan(0);

    // `npm run follow-ups:reconcile` does exactly this.
    const connection = followUpRedisConnection(testRedisUrl());
    const queue = createFollowUpQueue(connection, prefix);
    const report = await new FollowUpReconciler(new FollowUpTimerStore(pool), new FollowUpTimerQueue(queue)).reconcile();
    expect(report.recreated).toBeGreaterThanOrEqual(2);
    expect(await queue.getJob(followUpJobId('overdue', a.followUpId))).toBeTruthy();
    await queue.close();
    await connection.quit();

    startTimers();
    for (const { caseId } of [a, b]) {
      const types = await waitForEvent(caseId, 'FollowUpBecameOverdue');
      expect(count(types, 'FollowUpBecameOverdue')).toBe(1);
    }
  });

  it('reconcile drops jobs for follow-ups that are closed or never existed', async () => {
    const connection = followUpRedisConnection(testRedisUrl());
    const queue = createFollowUpQueue(connection, `${prefix}-drop`);
    try {
      const stray = randomUUID();
      await queue.add('overdue', { caseId: randomUUID(), followUpId: stray, correlationId: 'c', causationId: 'e' }, {
        jobId: followUpJobId('overdue', stray),
        delay: 60_000,
      });
      const report = await new FollowUpReconciler(new FollowUpTimerStore(pool), new FollowUpTimerQueue(queue)).reconcile();
      expect(report.dropped).toBe(1);
      expect(await queue.getJob(followUpJobId('overdue', stray))).toBeUndefined();
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await connection.quit();
    }
  });
});

/** Lets a test stop the processor at a chosen point: after taking the job, before or after the command. */
class StallingCommands extends CaseCommands {
  stalled?: () => void;
  private releaseAll!: () => void;
  private readonly release = new Promise<void>((resolve) => (this.releaseAll = resolve));
  constructor(
    private readonly inner: CaseCommands,
    private readonly when: 'before-command' | 'after-command',
  ) {
    super();
  }
  async execute(caseId: string, command: CaseCommand, m: CommandMeta): Promise<CommandResult> {
    const result = this.when === 'after-command' ? await this.inner.execute(caseId, command, m) : undefined;
    this.stalled?.();
    await this.release;
    if (result) return result;
    throw new Error('this worker is dead');
  }
  unblock(): void {
    this.releaseAll();
  }
}

describe.each(['before-command', 'after-command'] as const)('a worker killed %s', (when) => {
  it('the follow-up still ends overdue, exactly once', async () => {
    const dying = new StallingCommands(commands, when);
    const stalled = new Promise<void>((resolve) => (dying.stalled = resolve));
    const first = startTimers({ commands: dying });
    const { caseId } = await openCase();
    await stalled;
    // Killed: the job stays taken in Redis and nobody extends its lock.
    await first.worker!.close(true);

    startTimers();
    const types = await waitForEvent(caseId, 'FollowUpBecameOverdue');
    expect(count(types, 'FollowUpBecameOverdue')).toBe(1);
    dying.unblock();
    // The next events come later; whatever the dead worker's job does on release changes nothing.
    await waitForEvent(caseId, 'FollowUpEscalated');
    expect(count(await streamTypes(caseId), 'FollowUpBecameOverdue')).toBe(1);
  });
});

/** Fails every command while `broken`, as a database away for longer than a job's retries would. */
class FailingCommands extends CaseCommands {
  broken = true;
  calls = 0;
  constructor(private readonly inner: CaseCommands) {
    super();
  }
  async execute(caseId: string, command: CaseCommand, m: CommandMeta): Promise<CommandResult> {
    this.calls++;
    if (this.broken) throw new Error('dependency unavailable');
    return this.inner.execute(caseId, command, m);
  }
}

describe('follow-up timers are not lost', () => {
  it('a job that used up its retries is sent round again by the scheduled reconcile, without a restart', async () => {
    const failing = new FailingCommands(commands);
    const timers = startTimers({ commands: failing, retries: { attempts: 2, backoffMs: 100 }, reconcileEveryMs: 1_000 });
    const { caseId, followUpId } = await openCase();
    const jobId = followUpJobId('overdue', followUpId);
    await waitFor(async () => ((await (await timers.queue.getJob(jobId))?.getState()) === 'failed' ? true : undefined), {
      timeoutMs: 20_000,
      description: 'the job failed after its attempts',
    });
    expect(failing.calls).toBeGreaterThanOrEqual(2);
    expect(count(await streamTypes(caseId), 'FollowUpBecameOverdue')).toBe(0);

    failing.broken = false;
    const types = await waitForEvent(caseId, 'FollowUpBecameOverdue');
    expect(count(types, 'FollowUpBecameOverdue')).toBe(1);
  });

  it('a job lost while the Redis connection was down is recreated as soon as the connection is back', async () => {
    // Scheduled reconciles far apart: only the reconnection can bring the job back in time.
    const timers = startTimers({ reconcileEveryMs: 10 * 60_000 });
    const { caseId, followUpId } = await openCase();
    const jobId = followUpJobId('overdue', followUpId);
    const job = await waitFor(async () => (await timers.queue.getJob(jobId)) ?? undefined, { description: 'overdue job queued' });
    // What a Redis restarted without its data looks like to this worker: the connection drops, the job is gone.
    await job.remove();
    timers.connection.disconnect(true);
    const types = await waitForEvent(caseId, 'FollowUpBecameOverdue');
    expect(count(types, 'FollowUpBecameOverdue')).toBe(1);
  });

  it('raising escalation-grace after a follow-up became overdue keeps the escalation it was given', async () => {
    const first = startTimers();
    const { caseId, followUpId } = await openCase();
    await waitForEvent(caseId, 'FollowUpBecameOverdue');
    await first.stop();
    running.splice(running.indexOf(first), 1);

    // Restarted with a longer grace: the decider and the timers now run under it.
    const raised = secondsPolicy({ 'escalation-grace': 'PT30S' });
    const raisedCommands = new CaseCommandService(events, { policy: raised }, calendar, new Metrics('test'));
    startTimers({ policy: raised, commands: raisedCommands });
    const types = await waitForEvent(caseId, 'FollowUpEscalated', 20_000);
    expect(count(types, 'FollowUpEscalated')).toBe(1);

    const { events: stream } = await events.readStream(`case-${caseId}`);
    const overdue = stream.find((e) => e.type === 'FollowUpBecameOverdue')!.data as { dueAt: string; escalateAt: string };
    const escalated = stream.find((e) => e.type === 'FollowUpEscalated')!;
    expect(new Date(overdue.escalateAt).getTime()).toBe(new Date(overdue.dueAt).getTime() + 2_000);
    expect(escalated.recordedAt.getTime()).toBeGreaterThanOrEqual(new Date(overdue.escalateAt).getTime());
    expect(escalated.data).toMatchObject({ followUpId });
  });

  it('a follow-up that became overdue before escalation times were recorded is still escalated after the grace is raised', async () => {
    // This worker folds the events but sends no command: the overdue event below is the only one.
    const first = startTimers({ commands: new FailingCommands(commands) });
    const { caseId, followUpId } = await openCase();
    const store = new FollowUpTimerStore(pool);
    const scheduled = await waitFor(async () => store.get(followUpId), { description: 'timer stored' });
    // An overdue event as the service wrote it before it recorded escalateAt.
    const { version } = await events.readStream(`case-${caseId}`);
    await events.appendToStream(
      `case-${caseId}`,
      [
        {
          eventId: randomUUID(),
          type: 'FollowUpBecameOverdue',
          data: { followUpId, kind: 'allocate-coordinator', dueAt: scheduled.dueAt.toISOString(), ownerId: null, becameOverdueAt: new Date().toISOString() },
          metadata: { correlationId: 'legacy', causationId: null, actor: { id: 'system-follow-up-timer', name: 'Follow-up timer' }, schemaVersion: 1 },
        },
      ],
      { expectedVersion: version },
    );
    // Folded under the old grace (2 s).
    await waitFor(async () => ((await store.get(followUpId))?.status === 'overdue' ? true : undefined), { description: 'timer overdue' });
    await first.stop();
    running.splice(running.indexOf(first), 1);

    const raised = secondsPolicy({ 'escalation-grace': 'PT6S' });
    const raisedCommands = new CaseCommandService(events, { policy: raised }, calendar, new Metrics('test'));
    startTimers({ policy: raised, commands: raisedCommands });
    const types = await waitForEvent(caseId, 'FollowUpEscalated', 20_000);
    expect(count(types, 'FollowUpEscalated')).toBe(1);
    const escalated = (await events.readStream(`case-${caseId}`)).events.find((e) => e.type === 'FollowUpEscalated')!;
    expect(escalated.recordedAt.getTime()).toBeGreaterThanOrEqual(scheduled.dueAt.getTime() + 6_000);
  });

  it('a welfare check cancelled by closing the case is chased again after reopening', async () => {
    startTimers();
    const { caseId } = await openCase();
    const run = (command: CaseCommand) => commands.execute(caseId, command, meta());
    await run({ type: 'AllocateCoordinator', data: { practitionerId: 'p-1', practitionerName: 'Pat' } });
    await run({ type: 'RecordHospitalAdmission', data: { hospital: 'Basildon', admittedAt: new Date(Date.now() - 86_400_000).toISOString() } });
    const discharged = await run({ type: 'RecordDischarge', data: { dischargedAt: new Date().toISOString(), pathway: 0 } });
    const check = discharged.events.find((e) => e.type === 'FollowUpScheduled');
    if (check?.type !== 'FollowUpScheduled') throw new Error('a discharge schedules the welfare check');
    await run({ type: 'CloseCase', data: { reason: 'Settled at home', outcomeSummary: 'Living well' } });
    const reopened = await run({ type: 'ReopenCase', data: { reason: 'Another fall' } });
    const resumed = reopened.events.find((e) => e.type === 'FollowUpScheduled');
    if (resumed?.type !== 'FollowUpScheduled') throw new Error('reopening takes the welfare check up again');
    expect(resumed.data).toMatchObject({ kind: 'post-discharge-welfare-check', dueAt: check.data.dueAt });

    const store = new FollowUpTimerStore(pool);
    await waitFor(async () => ((await store.get(resumed.data.followUpId))?.status === 'overdue' ? true : undefined), {
      timeoutMs: 20_000,
      description: 'the resumed welfare check overdue',
    });
    expect((await store.get(check.data.followUpId))?.status).toBe('cancelled');
    const { events: stream } = await events.readStream(`case-${caseId}`);
    const overdue = stream.filter((e) => e.type === 'FollowUpBecameOverdue').map((e) => (e.data as { followUpId: string }).followUpId);
    expect(overdue).toEqual([resumed.data.followUpId]);
  });
});
