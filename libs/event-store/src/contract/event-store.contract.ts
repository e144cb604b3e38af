import { waitFor } from '@iln/test-kit';
import { waitUntilVisible } from './wait-until-visible';
import { DuplicateEventId, EventStore, ExpectedVersionConflict, type ExpectedVersion } from '../event-store';
import { UpcasterRegistry } from '../upcasting/upcaster-registry';
import { EventStoreContractOptions, events, MakeStore, newEvent, newStreamId } from './contract-helpers';
import { describeSubscriptionContract } from './subscription.contract';

export type { ContractStoreOptions, EventStoreContractOptions, HeldAppend, MakeStore } from './contract-helpers';

/**
 * One behavioural contract for every adapter. Each test uses fresh `case-<uuid>` streams,
 * so a store shared across tests (one database per file, one server) does not leak
 * between them.
 */
export function describeEventStoreContract(name: string, makeStore: MakeStore, options: EventStoreContractOptions = {}) {
  describe(`EventStore contract: ${name}`, () => {
    const opened: EventStore[] = [];
    const open = async (...args: Parameters<MakeStore>) => {
      const s = await makeStore(...args);
      opened.push(s);
      return s;
    };
    let store: EventStore;

    beforeEach(async () => {
      store = await open();
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it('reads back what was appended, field for field', async () => {
      const streamId = newStreamId();
      const written = [newEvent('TestNoteAdded', { note: 'first' }), newEvent('TestNoteEdited', { note: 'second' })];
      written[1].metadata.causationId = written[0].eventId;
      const result = await store.appendToStream(streamId, written, { expectedVersion: 'no-stream' });

      const { events: read, version } = await store.readStream(streamId);
      expect(version).toBe(2);
      expect(read.map(({ eventId, type, data, metadata }) => ({ eventId, type, data, metadata }))).toEqual(written);
      expect(read.every((e) => e.streamId === streamId && e.recordedAt instanceof Date)).toBe(true);
      expect(read[1].position).toBe(result.position);
      expect(store.compareCheckpoints(read[0].position, read[1].position)).toBeLessThan(0);
    });

    it('pins the version convention: empty is 0, versions are 1-based counts', async () => {
      const streamId = newStreamId();
      expect(await store.readStream(streamId)).toEqual({ events: [], version: 0 });

      const result = await store.appendToStream(streamId, events(3), { expectedVersion: 'no-stream' });
      expect(result.version).toBe(3);
      const { events: read, version } = await store.readStream(streamId);
      expect(version).toBe(3);
      expect(read.map((e) => e.version)).toEqual([1, 2, 3]);

      expect((await store.appendToStream(streamId, events(2), { expectedVersion: 3 })).version).toBe(5);
      const tail = await store.readStream(streamId, { fromVersion: 4 });
      expect(tail.events.map((e) => e.version)).toEqual([4, 5]);
      expect(tail.version).toBe(5);
      expect(await store.readStream(streamId, { fromVersion: 6 })).toEqual({ events: [], version: 5 });
    });

    it('refuses a stale expected version and writes nothing', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, events(1), { expectedVersion: 0 });

      const stale = store.appendToStream(streamId, events(1), { expectedVersion: 0 });
      await expect(stale).rejects.toBeInstanceOf(ExpectedVersionConflict);
      await expect(stale).rejects.toMatchObject({ streamId, expected: 0, actual: 1 });
      await expect(store.appendToStream(streamId, events(1), { expectedVersion: 2 })).rejects.toMatchObject({
        expected: 2,
        actual: 1,
      });
      expect((await store.readStream(streamId)).version).toBe(1);
    });

    it("refuses 'no-stream' on a stream that has events, and a number on one that has none", async () => {
      const streamId = newStreamId();
      await expect(store.appendToStream(streamId, events(1), { expectedVersion: 2 })).rejects.toMatchObject({
        actual: 0,
      });
      await store.appendToStream(streamId, events(1), { expectedVersion: 'no-stream' });
      const again = store.appendToStream(streamId, events(1), { expectedVersion: 'no-stream' });
      await expect(again).rejects.toBeInstanceOf(ExpectedVersionConflict);
      await expect(again).rejects.toMatchObject({ expected: 'no-stream', actual: 1 });
      expect((await store.appendToStream(streamId, events(1), { expectedVersion: 'any' })).version).toBe(2);
    });

    it('lets exactly one of 20 concurrent appenders win each version', async () => {
      const others = options.openAnotherConnection;
      const stores = [store, ...(await Promise.all(Array.from({ length: 19 }, () => (others ? others() : store))))];
      opened.push(...stores.slice(1).filter((s) => s !== store));
      const streamId = newStreamId();

      const first = await Promise.allSettled(
        stores.map((s) => s.appendToStream(streamId, events(1), { expectedVersion: 'no-stream' })),
      );
      expect(first.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const losers = first.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(losers.every((r) => r.reason instanceof ExpectedVersionConflict && r.reason.actual === 1)).toBe(true);

      // Everyone keeps retrying on the version they last read until their event is in.
      const winsByVersion = new Map<number, number>();
      const written = await Promise.all(
        stores.map(async (s, i) => {
          const event = newEvent('TestNoteAdded', { writer: i });
          for (;;) {
            const { version } = await s.readStream(streamId);
            try {
              const r = await s.appendToStream(streamId, [event], { expectedVersion: version });
              winsByVersion.set(r.version, (winsByVersion.get(r.version) ?? 0) + 1);
              return event.eventId;
            } catch (error) {
              if (!(error instanceof ExpectedVersionConflict)) throw error;
            }
          }
        }),
      );
      const { events: read, version } = await store.readStream(streamId);
      expect(version).toBe(21);
      expect(read.map((e) => e.version)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
      expect(new Set(read.slice(1).map((e) => e.eventId))).toEqual(new Set(written));
      expect([...winsByVersion.values()].every((n) => n === 1)).toBe(true);
      expect(winsByVersion.size).toBe(20);
    });

    it('answers a retry with the same event ids at the same place with the original result', async () => {
      const streamId = newStreamId();
      const batch = events(2);
      const { written, ...original } = await store.appendToStream(streamId, batch, { expectedVersion: 'no-stream' });
      // Told apart where the store can tell (written: true, then false); never claimed wrongly.
      const repeat = async (expectedVersion: ExpectedVersion) => {
        const { written: again, ...answer } = await store.appendToStream(streamId, batch, { expectedVersion });
        expect([written, again]).toEqual(written === undefined ? [undefined, undefined] : [true, false]);
        return answer;
      };

      expect(await repeat('no-stream')).toEqual(original);
      expect(await repeat('any')).toEqual(original);
      expect((await store.readStream(streamId)).version).toBe(2);

      expect((await store.appendToStream(streamId, events(1), { expectedVersion: 2 })).written).toBe(written);
      expect(await repeat(0)).toEqual(original);
      await expect(store.appendToStream(streamId, batch, { expectedVersion: 3 })).rejects.toThrow();
      expect((await store.readStream(streamId)).version).toBe(3);
    });

    if (options.rejectsEventIdsReusedElsewhere ?? true) {
      it('refuses event ids already stored in another stream', async () => {
        const batch = events(2);
        await store.appendToStream(newStreamId(), batch, { expectedVersion: 'no-stream' });
        const elsewhere = newStreamId();
        await expect(store.appendToStream(elsewhere, batch, { expectedVersion: 'no-stream' })).rejects.toBeInstanceOf(
          DuplicateEventId,
        );
        expect((await store.readStream(elsewhere)).version).toBe(0);
      });

      it('refuses a batch that reuses a stored event id beside new ones, at the right version or any, and writes none of it', async () => {
        const streamId = newStreamId();
        const [stored] = events(1);
        await store.appendToStream(streamId, [stored], { expectedVersion: 'no-stream' });
        for (const expectedVersion of [1, 'any'] as const) {
          await expect(store.appendToStream(streamId, [...events(1), stored], { expectedVersion })).rejects.toBeInstanceOf(DuplicateEventId);
          await expect(store.appendToStream(streamId, [stored, ...events(1)], { expectedVersion })).rejects.toBeInstanceOf(DuplicateEventId);
        }
        const after = await store.readStream(streamId);
        expect({ version: after.version, ids: after.events.map((e) => e.eventId) }).toEqual({ version: 1, ids: [stored.eventId] });
        // The stream is not left locked or bumped: the next append takes version 2.
        expect((await store.appendToStream(streamId, events(1), { expectedVersion: 1 })).version).toBe(2);
      });
    }

    it('round-trips unicode and 100 KiB payloads', async () => {
      const streamId = newStreamId();
      const text = 'Zoë Ó Súilleabháin · 渡辺 · مريم · 👩🏽‍⚕️ «care» \u2028 "quoted" \\ back';
      const big = { notes: 'ž'.repeat(50 * 1024), text }; // 100 KiB of UTF-8
      const written = [newEvent('TestNoteAdded', { text }), newEvent('TestNoteAdded', big)];
      written[0].metadata.actor.name = text;
      const before = await store.headPosition();
      const { position } = await store.appendToStream(streamId, written, { expectedVersion: 'no-stream' });

      const { events: read } = await store.readStream(streamId);
      expect(read.map((e) => e.data)).toEqual([{ text }, big]);
      expect(read[0].metadata.actor.name).toBe(text);
      // A transaction open elsewhere in the cluster may hide the append from log readers for a while.
      await waitUntilVisible(store, position);
      const all = await store.readAll(before, { limit: 100 });
      expect(all.filter((e) => e.streamId === streamId).map((e) => e.data)).toEqual([{ text }, big]);
    });

    it('reads a stream as it was at a time (recordedUpTo)', async () => {
      const streamId = newStreamId();
      await store.appendToStream(streamId, events(2), { expectedVersion: 'no-stream' });
      const asAt = (await store.readStream(streamId)).events[1].recordedAt;
      await waitFor(() => Date.now() > asAt.getTime() + 5, { description: 'the clock to move past asAt' });
      await store.appendToStream(streamId, events(1), { expectedVersion: 2 });

      const then = await store.readStream(streamId, { recordedUpTo: asAt });
      expect(then.events.map((e) => e.version)).toEqual([1, 2]);
      expect(then.version).toBe(2);
      expect(await store.readStream(streamId, { recordedUpTo: new Date(asAt.getTime() - 60_000) })).toEqual({
        events: [],
        version: 0,
      });
      expect((await store.readStream(streamId)).version).toBe(3);
    });

    it('upcasts stored events at the read boundary', async () => {
      const upcasters = new UpcasterRegistry().register('TestNoteAdded', 1, (d: { note: string }) => ({ text: d.note }));
      const upcasting = await open({ upcasters });
      const streamId = newStreamId();
      const before = await upcasting.headPosition();
      const { position } = await store.appendToStream(streamId, [newEvent('TestNoteAdded', { note: 'v1 shape' }, 1)], {
        expectedVersion: 'no-stream',
      });
      await waitUntilVisible(upcasting, position);

      const [fromStream] = (await upcasting.readStream(streamId)).events;
      expect(fromStream.data).toEqual({ text: 'v1 shape' });
      expect(fromStream.metadata.schemaVersion).toBe(2);
      const [fromAll] = (await upcasting.readAll(before, { limit: 100 })).filter((e) => e.streamId === streamId);
      expect(fromAll.data).toEqual({ text: 'v1 shape' });
      expect((await store.readStream(streamId)).events[0].data).toEqual({ note: 'v1 shape' });
    });

    it('pages through the global log after a checkpoint, and orders checkpoints', async () => {
      const before = await store.headPosition();
      const streamId = newStreamId();
      const appended = await store.appendToStream(streamId, events(5), { expectedVersion: 'no-stream' });
      await waitFor(async () => store.compareCheckpoints(await store.headPosition(), appended.position) >= 0, {
        description: 'head to reach the append',
      });

      const page1 = await store.readAll(before, { limit: 2 });
      const page2 = await store.readAll(page1[1].position, { limit: 10 });
      const ours = [...page1, ...page2].filter((e) => e.streamId === streamId);
      expect(ours.map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
      expect(store.compareCheckpoints(null, page1[0].position)).toBeLessThan(0);
      expect(store.compareCheckpoints(null, null)).toBe(0);
      expect(store.compareCheckpoints(page2[0].position, page1[1].position)).toBeGreaterThan(0);
      expect(store.compareCheckpoints(page1[0].position, page1[0].position)).toBe(0);
      await expect(store.ping()).resolves.toBeUndefined();
    });

    describeSubscriptionContract(() => store, options);
  });
}
