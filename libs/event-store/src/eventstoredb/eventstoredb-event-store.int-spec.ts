import { EventStoreDBClient } from '@eventstore/db-client';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { createEventStore } from '../create-event-store';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

jest.setTimeout(60_000);

// No EventStoreDB server can run on the development machines, so this contract run only
// happens where one is configured; elsewhere it is reported as skipped, with the reason as
// the test title, rather than silently passing. See ../../README.md for the docker command.
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  const connect = (options: { upcasters?: ConstructorParameters<typeof EventStoreDbEventStore>[1]['upcasters'] } = {}) =>
    new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), {
      streamPrefixes: ['case-'],
      ...options,
    });
  describeEventStoreContract('EventStoreDB', async (options) => connect(options), {
    openAnotherConnection: async () => connect(),
    // EventStoreDB has no global uniqueness of event ids across streams.
    rejectsEventIdsReusedElsewhere: false,
  });
} else {
  describe('EventStore contract: EventStoreDB', () => {
    it.skip('is skipped: EVENTSTORE_CONNECTION_STRING is not set (no EventStoreDB server here)', () => undefined);
    // Jest hides the titles of a file whose tests are all skipped; this real check keeps
    // the file running so the skipped title above is reported.
    it('refuses to build an EventStoreDB store without a connection string', () => {
      expect(() => createEventStore({ kind: 'eventstoredb' })).toThrow(/EVENTSTORE_CONNECTION_STRING/);
    });
  });
}
