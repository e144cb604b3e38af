import { DelayedError, type Job } from 'bullmq';
import { CaseCommands, type CommandMeta, type CommandResult } from '../application/case-commands';
import type { CaseCommand } from '../domain/commands';
import type { CaseEvent } from '../domain/events';
import type { FollowUpJobData } from './follow-up-jobs';
import { FOLLOW_UP_TIMER_PRINCIPAL, FollowUpProcessor } from './follow-up-processor';
import type { FollowUpTimer } from './follow-up-timer';

// Pure: a fake CaseCommands that records what it was asked and answers as told.
class FakeCaseCommands extends CaseCommands {
  readonly sent: Array<{ caseId: string; command: CaseCommand; meta: CommandMeta }> = [];
  constructor(private readonly answer: CaseEvent[] | Error) {
    super();
  }
  async execute(caseId: string, command: CaseCommand, meta: CommandMeta): Promise<CommandResult> {
    this.sent.push({ caseId, command, meta });
    if (this.answer instanceof Error) throw this.answer;
    return { caseId, version: 3, position: this.answer.length ? '7' : null, events: this.answer };
  }
}

const data: FollowUpJobData = { caseId: 'c-1', followUpId: 'f-1', correlationId: 'corr-1', causationId: 'evt-1' };
function fakeJob(name: string) {
  const moveToDelayed = jest.fn(async (_ts: number, _token?: string) => undefined);
  return { job: { name, data, moveToDelayed } as unknown as Job<FollowUpJobData>, moveToDelayed };
}
const timer = (over: Partial<FollowUpTimer>): FollowUpTimer => ({
  followUpId: 'f-1',
  caseId: 'c-1',
  kind: 'allocate-coordinator',
  status: 'open',
  dueAt: new Date(Date.now() - 1000),
  escalateAt: new Date(Date.now() + 60_000),
  correlationId: 'corr-1',
  causedBy: 'evt-1',
  ...over,
});
const becameOverdue: CaseEvent = {
  type: 'FollowUpBecameOverdue',
  data: { followUpId: 'f-1', kind: 'allocate-coordinator', dueAt: 'x', ownerId: null, becameOverdueAt: 'y' },
};

const noMove = { moveEscalation: async () => undefined };

describe('follow-up processor', () => {
  it('a due job asks the case to mark the follow-up overdue, as the system, traced to its cause', async () => {
    const commands = new FakeCaseCommands([becameOverdue]);
    const processor = new FollowUpProcessor(commands, { ...noMove, get: async () => timer({}) });
    await expect(processor.process(fakeJob('overdue').job, 'tok')).resolves.toEqual({ events: 1 });
    expect(commands.sent).toEqual([
      {
        caseId: 'c-1',
        command: { type: 'MarkFollowUpOverdue', data: { followUpId: 'f-1' } },
        meta: { actor: FOLLOW_UP_TIMER_PRINCIPAL, correlationId: 'corr-1', causationId: 'evt-1' },
      },
    ]);
    expect(FOLLOW_UP_TIMER_PRINCIPAL.localities).toEqual(['*']);
  });

  it('an escalation job asks the case to escalate', async () => {
    const commands = new FakeCaseCommands([]);
    const processor = new FollowUpProcessor(commands, { ...noMove, get: async () => timer({ status: 'escalated' }) });
    await processor.process(fakeJob('escalate').job);
    expect(commands.sent[0].command).toEqual({ type: 'EscalateFollowUp', data: { followUpId: 'f-1' } });
  });

  it('a job for a follow-up no longer open completes quietly', async () => {
    const processor = new FollowUpProcessor(new FakeCaseCommands([]), { ...noMove, get: async () => timer({ status: 'completed' }) });
    const { job, moveToDelayed } = fakeJob('overdue');
    await expect(processor.process(job)).resolves.toEqual({ events: 0 });
    expect(moveToDelayed).not.toHaveBeenCalled();
  });

  it('a job that fired before its due time waits again until then instead of being lost', async () => {
    const due = new Date(Date.now() + 30_000);
    const processor = new FollowUpProcessor(new FakeCaseCommands([]), { ...noMove, get: async () => timer({ dueAt: due }) });
    const { job, moveToDelayed } = fakeJob('overdue');
    await expect(processor.process(job, 'tok')).rejects.toBeInstanceOf(DelayedError);
    expect(moveToDelayed).toHaveBeenCalledWith(due.getTime() + 50, 'tok');
  });

  it('an escalation refused at its recorded time waits for the grace in force, and records it (older overdue events)', async () => {
    const moveEscalation = jest.fn(async (_id: string, _at: Date) => undefined);
    const inForce = new Date(Date.now() + 30_000);
    const overdue = timer({ status: 'overdue', escalateAt: new Date(Date.now() - 1_000) });
    const processor = new FollowUpProcessor(new FakeCaseCommands([]), { moveEscalation, get: async () => overdue }, () => inForce);
    const { job, moveToDelayed } = fakeJob('escalate');
    await expect(processor.process(job, 'tok')).rejects.toBeInstanceOf(DelayedError);
    expect(moveToDelayed).toHaveBeenCalledWith(inForce.getTime() + 50, 'tok');
    expect(moveEscalation).toHaveBeenCalledWith('f-1', inForce);
  });

  it('an escalation refused with no later time in force completes quietly', async () => {
    const moveEscalation = jest.fn(async (_id: string, _at: Date) => undefined);
    const overdue = timer({ status: 'overdue', escalateAt: new Date(Date.now() - 1_000) });
    const processor = new FollowUpProcessor(new FakeCaseCommands([]), { moveEscalation, get: async () => overdue }, () => new Date(Date.now() - 5_000));
    const { job, moveToDelayed } = fakeJob('escalate');
    await expect(processor.process(job)).resolves.toEqual({ events: 0 });
    expect(moveToDelayed).not.toHaveBeenCalled();
    expect(moveEscalation).not.toHaveBeenCalled();
  });

  it('a failing command fails the job, so BullMQ retries it with backoff', async () => {
    const processor = new FollowUpProcessor(new FakeCaseCommands(new Error('store unavailable')), { ...noMove, get: async () => undefined });
    await expect(processor.process(fakeJob('overdue').job)).rejects.toThrow('store unavailable');
  });

  it('an unknown job name is refused rather than guessed at', async () => {
    const processor = new FollowUpProcessor(new FakeCaseCommands([]), { ...noMove, get: async () => undefined });
    await expect(processor.process(fakeJob('remind').job)).rejects.toThrow('unknown follow-up job remind');
  });
});
