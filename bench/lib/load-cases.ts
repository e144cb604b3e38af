import type { EventStore } from '@iln/event-store';
import { generateCase, generateOpenCase, type CaseHistory } from './case-histories';

export interface LoadResult {
  cases: number;
  events: number;
  seconds: number;
  /** A sample of the loaded cases (every 7th; all when just opened), for requests that need real ids. */
  sample: Pick<CaseHistory, 'caseId' | 'localityId' | 'coordinatorId'>[];
}

/**
 * Appends whole case histories through the adapter, one append per case (the batch a
 * stream's history allows), `concurrency` cases at a time. Case numbers from `first`
 * keep references unique when a database is grown in steps.
 */
export async function loadCases(
  store: EventStore,
  first: number,
  count: number,
  options: {
    concurrency?: number;
    justOpened?: boolean;
    /** One append per event, each expecting the version before it, as the service's commands append. */
    eventByEvent?: boolean;
    onProgress?: (done: number, events: number) => void;
  } = {},
): Promise<LoadResult> {
  const concurrency = options.concurrency ?? 4;
  const started = process.hrtime.bigint();
  let next = first;
  let events = 0;
  let done = 0;
  const sample: LoadResult['sample'] = [];
  const keepEvery = options.justOpened ? 1 : 7;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < first + count) {
        const index = next++;
        const history = options.justOpened ? generateOpenCase(index) : generateCase(index);
        const stream = `case-${history.caseId}`;
        if (!options.eventByEvent) await store.appendToStream(stream, history.events, { expectedVersion: 'no-stream' });
        else {
          for (const [version, event] of history.events.entries()) {
            await store.appendToStream(stream, [event], { expectedVersion: version === 0 ? 'no-stream' : version });
          }
        }
        events += history.events.length;
        if (index % keepEvery === 0) sample.push({ caseId: history.caseId, localityId: history.localityId, coordinatorId: history.coordinatorId });
        if (++done % 5_000 === 0) options.onProgress?.(done, events);
      }
    }),
  );
  return { cases: count, events, seconds: Number(process.hrtime.bigint() - started) / 1e9, sample };
}
