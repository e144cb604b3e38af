import { describeEventStoreContract } from '../contract/event-store.contract';
import { InMemoryEventLog, InMemoryEventStore } from './in-memory-event-store';

// The in-memory store is one process with no transactions, so there is nothing to hold
// open; "separate connections" are concurrent callers of the same store.
const log = new InMemoryEventLog();
describeEventStoreContract('in-memory', async (options) => new InMemoryEventStore({ ...options, log }));
