import { ANY, NO_STREAM } from '@eventstore/db-client';
import { Readable } from 'node:stream';
import { waitFor } from '@iln/test-kit';
import { events, newStreamId, Recorder } from '../contract/contract-helpers';
import { ExpectedVersionConflict } from '../event-store';
import { UpcasterRegistry } from '../upcasting/upcaster-registry';
import type { EsdbSubscription } from './esdb-client-surface';
import { compareEsdbPositions, decodeEsdbPosition, encodeEsdbPosition, toExpectedRevision, versionFromRevision } from './esdb-mapping';
import { SubscriptionFeed } from './esdb-subscription-feed';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { FakeEsdbClient } from './fake-esdb-client';

describe('EventStoreDB mapping', () => {
  it('maps expected versions to 0-based revisions', () => {
    expect(toExpectedRevision('any')).toBe(ANY);
    expect(toExpectedRevision('no-stream')).toBe(NO_STREAM);
    expect(toExpectedRevision(0)).toBe(NO_STREAM);
    expect(toExpectedRevision(1)).toBe(0n);
    expect(toExpectedRevision(3)).toBe(2n);
    expect(versionFromRevision('no_stream')).toBe(0);
    expect(versionFromRevision(2n)).toBe(3);
  });

  it('serialises {commit, prepare} so it round-trips and orders by commit, then prepare', () => {
    const p = encodeEsdbPosition({ commit: 1234n, prepare: 1200n });
    expect(decodeEsdbPosition(p)).toEqual({ commit: 1234n, prepare: 1200n });
    const later = encodeEsdbPosition({ commit: 1234n, prepare: 1300n });
    expect(compareEsdbPositions(p, later)).toBeLessThan(0);
    expect(compareEsdbPositions(encodeEsdbPosition({ commit: 10_000n, prepare: 0n }), p)).toBeGreaterThan(0);
    expect(compareEsdbPositions(null, p)).toBeLessThan(0);
    expect(p < later).toBe(true);
    expect(() => decodeEsdbPosition('12')).toThrow(/not an EventStoreDB position/);
  });
});

describe('EventStoreDbEventStore against a fake client', () => {
  let client: FakeEsdbClient;
  let store: EventStoreDbEventStore;
  const recorders: Recorder[] = [];
  beforeEach(() => {
    client = new FakeEsdbClient();
    store = new EventStoreDbEventStore(client, { streamPrefixes: ['case-'], resubscribeBackoffMs: { initial: 1, max: 5 } });
  });
  afterEach(async () => {
    await Promise.all(recorders.splice(0).map((r) => r.stop()));
    await store.close();
  });

  it('appends with revision = version - 1 and reports 1-based versions', async () => {
    const streamId = newStreamId();
    expect((await store.appendToStream(streamId, events(2), { expectedVersion: 'no-stream' })).version).toBe(2);
    expect((await store.appendToStream(streamId, events(1), { expectedVersion: 2 })).version).toBe(3);
    expect(client.appendCalls.map((c) => c.expectedRevision)).toEqual([NO_STREAM, 1n]);
    const { events: read, version } = await store.readStream(streamId);
    expect(read.map((e) => e.version)).toEqual([1, 2, 3]);
    expect(version).toBe(3);
    expect((await store.readStream(streamId, { fromVersion: 3 })).events.map((e) => e.version)).toEqual([3]);
    expect(await store.readStream(streamId, { fromVersion: 4 })).toEqual({ events: [], version: 3 });
  });

  it('reads a stream that does not exist as version 0', async () => {
    expect(await store.readStream(newStreamId())).toEqual({ events: [], version: 0 });
  });

  it('turns WrongExpectedVersionError into ExpectedVersionConflict with a 1-based actual', async () => {
    const streamId = newStreamId();
    await store.appendToStream(streamId, events(2), { expectedVersion: 'no-stream' });
    const stale = store.appendToStream(streamId, events(1), { expectedVersion: 1 });
    await expect(stale).rejects.toBeInstanceOf(ExpectedVersionConflict);
    await expect(stale).rejects.toMatchObject({ streamId, expected: 1, actual: 2 });
    await expect(store.appendToStream(newStreamId(), events(1), { expectedVersion: 4 })).rejects.toMatchObject({
      actual: 0,
    });
  });

  it('keeps system events and other prefixes out of readAll and headPosition, and upcasts', async () => {
    const upcasting = new EventStoreDbEventStore(client, {
      streamPrefixes: ['case-'],
      upcasters: new UpcasterRegistry().register('TestNoteAdded', 1, (d: { n: number }) => ({ number: d.n })),
    });
    const streamId = newStreamId();
    const { position } = await store.appendToStream(streamId, events(1), { expectedVersion: 'no-stream' });
    client.appendSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
    client.appendSystemEvent(streamId, '$metadata');
    await store.appendToStream('audit-1', events(1), { expectedVersion: 'any' });

    const all = await upcasting.readAll(null, { limit: 10 });
    expect(all.map((e) => [e.streamId, e.data])).toEqual([[streamId, { number: 0 }]]);
    expect(await store.headPosition()).toBe(position);
    expect(await store.readAll(position, { limit: 10 })).toEqual([]);
  });

  it('subscribes to $all with a server-side prefix filter and resumes after a drop without duplicates', async () => {
    const streamId = newStreamId();
    await store.appendToStream(streamId, events(2), { expectedVersion: 'no-stream' });
    const sub = new Recorder(store, null);
    recorders.push(sub);
    await waitFor(() => sub.eventsOf([streamId]).length === 2, { description: 'history' });
    expect(client.subscribeCalls[0].filter).toMatchObject({ filterOn: 'streamName', prefixes: ['case-'] });

    client.dropSubscriptions();
    await waitFor(() => client.subscribeCalls.length === 2, { description: 'a resubscribe' });
    const checkpoint = sub.eventsOf([streamId])[1].position;
    expect(client.subscribeCalls[1].fromPosition).toEqual(decodeEsdbPosition(checkpoint));
    await waitFor(() => client.live.length === 1, { description: 'the new subscription to go live' });
    await store.appendToStream(streamId, events(1), { expectedVersion: 2 });
    await waitFor(() => sub.eventsOf([streamId]).length === 3, { description: 'the live event' });
    expect(sub.eventsOf([streamId]).map((e) => e.version)).toEqual([1, 2, 3]);
  });
});

describe('SubscriptionFeed', () => {
  const fakeSubscription = () =>
    Object.assign(new Readable({ objectMode: true, read() {} }), { unsubscribe: async () => undefined }) as Readable &
      EsdbSubscription;
  const recorded = (n: number) => ({
    streamId: 'case-1', id: `e${n}`, revision: BigInt(n), type: 'T', created: new Date(), isJson: true, data: {}, metadata: {},
  });

  it('puts the caught-up marker after events the client had already buffered', async () => {
    const sub = fakeSubscription();
    const feed = new SubscriptionFeed(sub, 100);
    [1, 2, 3].forEach((n) => sub.push({ event: recorded(n) }));
    sub.emit('caughtUp');
    sub.push(null);
    const kinds: string[] = [];
    for await (const item of feed.items()) kinds.push(item.kind === 'event' ? item.event.id : item.kind);
    expect(kinds).toEqual(['e1', 'e2', 'e3', 'caught-up']);
  });

  it('pauses the subscription while the consumer is behind, and resumes it', async () => {
    const sub = fakeSubscription();
    const feed = new SubscriptionFeed(sub, 2);
    const items = feed.items();
    [1, 2, 3].forEach((n) => sub.push({ event: recorded(n) }));
    await waitFor(() => sub.isPaused(), { description: 'paused' });
    await items.next();
    await items.next();
    expect(sub.isPaused()).toBe(false);
    await feed.close();
  });
});
