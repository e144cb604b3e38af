import { randomUUID } from 'node:crypto';
import { EventStore, InMemoryEventStore, type ReadStreamOptions } from '@iln/event-store';
import { Metrics } from '@iln/platform';
import { EnglandWorkingCalendar } from '../calendar/england-working-calendar';
import { DEFAULT_FOLLOW_UP_POLICY } from '../domain/policy';
import type { CaseCommand } from '../domain/commands';
import { caseStreamId } from '../case-stream';
import { CaseCommandService } from './case-command.service';
import type { CommandMeta } from './case-commands';

const manager = {
  id: 'tm-1',
  name: 'Team Manager',
  roles: ['team-manager' as const],
  organisation: 'council',
  teams: [],
  localities: ['*'],
};
const meta = (idempotencyToken?: string): CommandMeta => ({
  actor: manager,
  correlationId: randomUUID(),
  idempotencyToken,
});
const note: CaseCommand = { type: 'AddNote', data: { text: 'Seen at home' } };

/** The store as a reader that is late: its first read of a stream misses the last `hide` events. */
function lateFirstRead(store: EventStore, hide: number): EventStore {
  let first = true;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== 'readStream') return Reflect.get(target, prop, receiver) as unknown;
      return async (streamId: string, options?: ReadStreamOptions) => {
        const read = await target.readStream(streamId, options);
        if (!first) return read;
        first = false;
        const events = read.events.slice(0, read.events.length - hide);
        return { events, version: read.version - hide };
      };
    },
  });
}

describe('CaseCommandService with an idempotency token', () => {
  let store: InMemoryEventStore;
  const service = (s: EventStore) =>
    new CaseCommandService(
      s,
      { policy: DEFAULT_FOLLOW_UP_POLICY },
      new EnglandWorkingCalendar(),
      new Metrics('test'),
    );
  let caseId: string;

  beforeEach(async () => {
    store = new InMemoryEventStore();
    caseId = randomUUID();
    const opened = await service(store).execute(
      caseId,
      {
        type: 'OpenCase',
        data: {
          caseId,
          reference: 'ILN-GRA-000001',
          resident: { givenName: 'Test', familyName: 'Resident', dateOfBirth: '1940-01-01' },
          localityId: 'grays',
          source: 'gp',
          reason: 'Falls',
        },
      } as CaseCommand,
      meta(),
    );
    expect(opened.version).toBeGreaterThan(0);
  });

  const notes = async () =>
    (await store.readStream(caseStreamId(caseId))).events.filter((e) => e.type === 'NoteAdded');

  it('a retry is answered from the events of the first attempt and writes nothing', async () => {
    const first = await service(store).execute(caseId, note, meta('t-1'));
    const retry = await service(store).execute(caseId, note, meta('t-1'));
    expect(retry).toMatchObject({
      caseId,
      version: first.version,
      position: first.position,
      events: first.events,
    });
    expect(await notes()).toHaveLength(1);
  });

  it('another token is another command', async () => {
    await service(store).execute(caseId, note, meta('t-1'));
    await service(store).execute(caseId, note, meta('t-2'));
    await service(store).execute(caseId, note, meta());
    expect(await notes()).toHaveLength(3);
  });

  it('a retry that read before the first attempt committed gets the first attempt\u2019s events, not its own', async () => {
    const first = await service(store).execute(caseId, note, meta('t-1'));
    // Decides on the stream without the first attempt's note: same ids, same place, so the
    // store answers the append as a repeat without writing; the answer must be the stored note.
    const racing = await service(lateFirstRead(store, 1)).execute(caseId, note, meta('t-1'));
    expect(racing.events).toEqual(first.events);
    expect(racing.version).toBe(first.version);
    expect(await notes()).toHaveLength(1);
  });

  it('a retry whose append is refused as reusing ids elsewhere looks again and answers from the log', async () => {
    const first = await service(store).execute(caseId, note, meta('t-1'));
    await service(store).execute(caseId, note, meta('t-other'));
    // Reads the stream as it was before both notes: expected version two behind.
    const racing = await service(lateFirstRead(store, 2)).execute(caseId, note, meta('t-1'));
    expect(racing.events).toEqual(first.events);
    expect(await notes()).toHaveLength(2);
  });

  it('replays before If-Match is checked, and a stale If-Match without a replay is still 412', async () => {
    const before = (await store.readStream(caseStreamId(caseId))).version;
    const first = await service(store).execute(caseId, note, {
      ...meta('t-1'),
      expectedVersion: before,
    });
    await service(store).execute(caseId, note, meta('t-2'));
    const retry = await service(store).execute(caseId, note, {
      ...meta('t-1'),
      expectedVersion: before,
    });
    expect(retry.events).toEqual(first.events);
    await expect(
      service(store).execute(caseId, note, { ...meta('t-3'), expectedVersion: before }),
    ).rejects.toThrow(/version/i);
  });

  /** The store, counting reads of streams; `tells: false` makes it answer like a store that cannot tell a repeat from a write. */
  function counting(inner: EventStore, tells = true) {
    const reads: string[] = [];
    const proxy = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'readStream') {
          return (streamId: string, options?: ReadStreamOptions) => (reads.push(streamId), target.readStream(streamId, options));
        }
        if (prop === 'appendToStream' && !tells) {
          return async (...args: Parameters<EventStore['appendToStream']>) => ({ ...(await target.appendToStream(...args)), written: undefined });
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    return { store: proxy, reads };
  }

  it('reads the stream once for a command the store says it wrote, and looks again when the store cannot tell', async () => {
    const once = counting(store);
    const first = await service(once.store).execute(caseId, note, meta('t-1'));
    expect(once.reads).toHaveLength(1);
    const unsure = counting(store, false);
    const second = await service(unsure.store).execute(caseId, note, meta('t-2'));
    expect(unsure.reads).toHaveLength(2);
    expect(second.version).toBe(first.version + 1);
    expect(await notes()).toHaveLength(2);
  });

  const opening = (id: string) =>
    ({
      type: 'OpenCase',
      data: { caseId: id, reference: 'ILN-GRA-000002', resident: { givenName: 'New', familyName: 'Resident', dateOfBirth: '1940-01-01' }, localityId: 'grays', source: 'gp', reason: 'Falls' },
    }) as CaseCommand;

  it('opens a case without reading its (new) stream; a retry of the opening is answered from the log', async () => {
    const id = randomUUID();
    const first = counting(store);
    const opened = await service(first.store).execute(id, opening(id), meta('open-1'));
    expect(first.reads).toEqual([]);
    const again = counting(store);
    const retry = await service(again.store).execute(id, opening(id), meta('open-1'));
    expect(retry).toMatchObject({ version: opened.version, position: opened.position, events: opened.events });
    expect((await store.readStream(caseStreamId(id))).events.filter((e) => e.type === 'CaseOpened')).toHaveLength(1);
  });

  it('counts a retry the store answered as an exact repeat as replayed, not accepted', async () => {
    const id = randomUUID();
    await service(store).execute(id, opening(id), meta('open-2'));
    const metrics = new Metrics('test');
    await new CaseCommandService(store, { policy: DEFAULT_FOLLOW_UP_POLICY }, new EnglandWorkingCalendar(), metrics).execute(id, opening(id), meta('open-2'));
    const counted = (await metrics.commands.get()).values.map((v) => [v.labels.outcome, v.value]);
    expect(counted).toEqual([['replayed', 1]]);
  });

  it('still refuses to open a case whose stream exists, without writing', async () => {
    const before = await store.readStream(caseStreamId(caseId));
    await expect(service(store).execute(caseId, opening(caseId), meta())).rejects.toThrow(/exist/i);
    expect((await store.readStream(caseStreamId(caseId))).version).toBe(before.version);
  });
});
