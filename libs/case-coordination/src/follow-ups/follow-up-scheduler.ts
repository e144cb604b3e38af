import type { EventStore, RecordedEvent } from '@iln/event-store';
import type { WorkingCalendar } from '../domain/context';
import { asCaseEvent } from '../case-stream';
import type { FollowUpPolicy } from '../domain/policy';
import { FollowUpTimerQueue } from './follow-up-queue';
import { evolveTimer, FollowUpTimer, timerFollowUpId } from './follow-up-timer';
import { FollowUpTimerStore } from './follow-up-timer.store';

const BATCH = 200;

export interface SchedulerLog {
  warn(message: string): void;
}

/**
 * Keeps one BullMQ job per follow-up that time can still act on, by consuming the event
 * log from its own checkpoint. Redis is changed first and the checkpoint (with the
 * timers table) after, so a crash in between replays the batch: at-least-once, made
 * harmless by deterministic job ids and by the timers being folded only once.
 */
export class FollowUpScheduler {
  /** The last position whose timers are committed; tests and lag checks read it. */
  checkpoint: string | null = null;

  constructor(
    private readonly events: EventStore,
    private readonly timers: FollowUpTimerStore,
    private readonly queue: FollowUpTimerQueue,
    private readonly policy: FollowUpPolicy,
    private readonly calendar: WorkingCalendar,
    private readonly log: SchedulerLog = { warn: () => undefined },
  ) {}

  /** Until the signal aborts; after an error (Redis or PostgreSQL away) it resumes from the checkpoint. */
  async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        await this.consume(signal);
      } catch (e) {
        if (signal.aborted) break;
        failures++;
        this.log.warn(`follow-up scheduler stopped (${e instanceof Error ? e.name : 'error'}); resuming from its checkpoint`);
        await pause(Math.min(250 * 2 ** failures, 10_000), signal);
        continue;
      }
      failures = 0;
    }
  }

  private async consume(signal: AbortSignal): Promise<void> {
    this.checkpoint = await this.timers.checkpoint();
    let batch: RecordedEvent[] = [];
    for await (const item of this.events.subscribe(this.checkpoint, { signal, batchSize: BATCH })) {
      if (item.kind === 'event') {
        batch.push(item.event);
        if (batch.length < BATCH) continue;
      }
      if (batch.length > 0) await this.flush(batch);
      batch = [];
    }
  }

  /** Folds a batch into the timers, makes Redis match, then commits rows and checkpoint. */
  async flush(batch: RecordedEvent[]): Promise<void> {
    await this.timers.withLock(async (client) => {
      // Another worker's scheduler may have committed part of this batch already.
      const stored = await this.timers.checkpoint(client);
      const fresh = batch.filter((e) => this.events.compareCheckpoints(e.position, stored) > 0);
      if (fresh.length === 0) {
        this.checkpoint = stored;
        return;
      }
      const relevant = fresh.flatMap((e) => {
        const c = asCaseEvent(e);
        const followUpId = c ? timerFollowUpId(c.event) : null;
        return c && followUpId ? [{ e, event: c.event, caseId: c.caseId, followUpId }] : [];
      });
      const timers = await this.timers.load(client, [...new Set(relevant.map((r) => r.followUpId))]);
      const changed = new Map<string, FollowUpTimer>();
      for (const { e, event, caseId, followUpId } of relevant) {
        const next = evolveTimer(timers.get(followUpId), event, {
          caseId,
          eventId: e.eventId,
          correlationId: e.metadata.correlationId,
          policy: this.policy,
          calendar: this.calendar,
        });
        if (!next) continue;
        timers.set(followUpId, next);
        changed.set(followUpId, next);
      }
      for (const timer of changed.values()) await this.queue.sync(timer);
      const position = fresh[fresh.length - 1].position;
      await this.timers.commit(client, [...changed.values()], position);
      this.checkpoint = position;
    });
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
