import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DuplicateEventId, EventStore, ExpectedVersionConflict, type NewEvent, type RecordedEvent } from '@iln/event-store';
import { Metrics } from '@iln/platform';
import { NO_ACCESS_FACTS, evolveAccessFacts, type CaseAccessFacts } from '../access/case-access';
import type { Principal } from '../access/principal';
import type { CaseCommand } from '../domain/commands';
import type { DecisionContext, WorkingCalendar } from '../domain/context';
import { decide } from '../domain/decide';
import { CaseIsErased, DomainError } from '../domain/errors';
import { caseStreamId, toCaseEvent } from '../case-stream';
import type { CaseEvent } from '../domain/events';
import { evolve } from '../domain/evolve';
import { initialState, type CaseState } from '../domain/state';
import { ConcurrentModification, StaleVersion } from './application-errors';
import { CaseAccessPolicy } from './case-access.policy';
import { CaseCommands, type CommandMeta, type CommandResult } from './case-commands';
import { FollowUpPolicyInForce } from './follow-up-policy-in-force';
import { idempotentEventId } from './idempotent-ids';

/** The working-day calendar the service runs with (England, Europe/London). */
export abstract class CaseCalendar implements WorkingCalendar {
  abstract addWorkingDays(from: Date, n: number): Date;
  abstract isWorkingDay(d: Date): boolean;
  abstract endOfDay(date: string): Date;
}

// Enough for a burst of colleagues acting on one case at once; past it the caller is
// told to retry rather than holding a request open indefinitely.
export const MAX_ATTEMPTS = 5;
export const SCHEMA_VERSION = 1;


/**
 * Read → fold → decide → append with the version read. Without If-Match a version
 * conflict means someone else wrote in between: decide again on the new state (the
 * command's own rules still hold). With If-Match the caller decided on what they saw,
 * so any difference is a 412 and nothing is written.
 */
@Injectable()
export class CaseCommandService extends CaseCommands {
  private readonly access = new CaseAccessPolicy();

  constructor(
    private readonly store: EventStore,
    private readonly policy: FollowUpPolicyInForce,
    private readonly calendar: CaseCalendar,
    private readonly metrics: Metrics,
  ) {
    super();
  }

  async execute(caseId: string, command: CaseCommand, meta: CommandMeta): Promise<CommandResult> {
    try {
      const result = await this.attempt(caseId, command, meta);
      this.count(command, result.replayed ? 'replayed' : result.events.length > 0 ? 'accepted' : 'no-op');
      return result;
    } catch (e) {
      this.count(command, outcomeOf(e));
      throw e;
    }
  }

  /** The case as its events tell it, who may see it, and the stream's version. */
  async load(caseId: string): Promise<{ state: CaseState; facts: CaseAccessFacts; version: number; recorded: RecordedEvent[] }> {
    const { events, version } = await this.store.readStream(caseStreamId(caseId));
    let state = initialState();
    let facts = NO_ACCESS_FACTS;
    for (const recorded of events) {
      const event = toCaseEvent(recorded);
      state = evolve(state, event);
      facts = evolveAccessFacts(facts, event);
    }
    return { state, facts, version, recorded: events };
  }

  private async attempt(caseId: string, command: CaseCommand, meta: CommandMeta): Promise<CommandResult & { replayed?: boolean }> {
    const streamId = caseStreamId(caseId);
    const token = meta.idempotencyToken;
    for (let attempt = 1; ; attempt++) {
      // An opening names a new stream (a fresh id, or one derived from its Idempotency-Key):
      // decide on the empty case without reading it. If the stream exists after all (a
      // retry), the append says so (a conflict, or an exact repeat of our ids) and the
      // next look reads it.
      const { state, facts, version, recorded } =
        attempt === 1 && command.type === 'OpenCase' && meta.expectedVersion === undefined ? NOTHING_YET : await this.load(caseId);
      // Already done (the first attempt's answer was lost, or a retry raced it): answer
      // from the events it appended, before any check that their own effect would fail.
      const done = token === undefined ? undefined : appendedBy(caseId, token, recorded);
      // Once erased, only the erasure itself is answered again (issue 16): 410 for the rest.
      if (done && state.erasedAt !== null && !done.events.some((e) => e.type === 'CaseErased')) throw new CaseIsErased(caseId, state.erasedAt);
      if (done) return { ...done, replayed: true };
      this.access.assertMayRun(meta.actor, command, state.status !== 'none', facts);
      if (meta.expectedVersion !== undefined && meta.expectedVersion !== version) {
        throw new StaleVersion(meta.expectedVersion, version);
      }
      const events = decide(command, state, this.context(meta.actor, this.access.rolesFor(meta.actor, command, facts)));
      if (events.length === 0) return { caseId, version, position: null, events: [] };
      try {
        const appended = await this.store.appendToStream(streamId, events.map((e, i) => this.toNewEvent(e, meta, i)), {
          expectedVersion: version === 0 ? 'no-stream' : version,
        });
        if (token !== undefined && appended.written !== true) {
          // The store answers an exact repeat of stored ids as a success without writing:
          // if a racing attempt with this token got there first, its events are the truth.
          // (A store that says it wrote them needs no second look.)
          const { events: stored } = await this.store.readStream(streamId, { fromVersion: appended.version - events.length + 1 });
          const mine = appendedBy(caseId, token, stored);
          // A store that says it wrote nothing: counted as the replay it is.
          if (mine) return appended.written === false ? { ...mine, replayed: true } : mine;
        }
        return { caseId, version: appended.version, position: appended.position, events };
      } catch (e) {
        // Ids derived from the token already stored, but not as this exact append: a racing
        // attempt of the same request committed after we read. Look again; it is there.
        if (token !== undefined && e instanceof DuplicateEventId && attempt < MAX_ATTEMPTS) continue;
        if (!(e instanceof ExpectedVersionConflict)) throw e;
        this.metrics.conflicts.inc({ command: command.type });
        // With a token, look again first: the conflict may be a racing attempt of this request.
        if (token !== undefined && attempt < MAX_ATTEMPTS) continue;
        if (meta.expectedVersion !== undefined) throw new StaleVersion(meta.expectedVersion, e.actual);
        if (attempt >= MAX_ATTEMPTS) throw new ConcurrentModification(attempt);
      }
    }
  }

  private context(actor: Principal, rolesOnCase: string[]): DecisionContext {
    return {
      now: new Date(),
      newId: randomUUID,
      policy: this.policy.policy,
      calendar: this.calendar,
      actor: { id: actor.id, name: actor.name, roles: rolesOnCase },
    };
  }

  private toNewEvent(event: CaseEvent, meta: CommandMeta, index: number): NewEvent {
    return {
      eventId: meta.idempotencyToken === undefined ? randomUUID() : idempotentEventId(meta.idempotencyToken, index),
      type: event.type,
      data: event.data,
      metadata: {
        correlationId: meta.correlationId,
        causationId: meta.causationId ?? null,
        // Who acted, as their practitioner id and display name: never a resident's data.
        actor: { id: meta.actor.id, name: meta.actor.name },
        schemaVersion: SCHEMA_VERSION,
      },
    };
  }

  private count(command: CaseCommand, outcome: string): void {
    this.metrics.commands.inc({ command: command.type, outcome });
  }
}

const NOTHING_YET = { state: initialState(), facts: NO_ACCESS_FACTS, version: 0, recorded: [] as RecordedEvent[] };

/** The events a request with this token appended to the stream, as its command result, if any. */
function appendedBy(caseId: string, token: string, recorded: RecordedEvent[]): CommandResult | undefined {
  const first = idempotentEventId(token, 0);
  const start = recorded.findIndex((e) => e.eventId === first);
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < recorded.length && recorded[end].eventId === idempotentEventId(token, end - start)) end++;
  const mine = recorded.slice(start, end);
  const last = mine[mine.length - 1];
  return { caseId, version: last.version, position: last.position, events: mine.map(toCaseEvent) };
}

function outcomeOf(e: unknown): string {
  if (e instanceof DomainError) return 'rejected';
  if (e instanceof StaleVersion) return 'precondition-failed';
  if (e instanceof ConcurrentModification) return 'conflict';
  return 'error';
}
