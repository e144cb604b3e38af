import { EventStoreModule } from '@iln/platform';
import { CASE_STREAM_PREFIXES } from './case-stream';

/** The event store holding the case streams: the one module object every app and CLI imports. */
export const CaseEventStoreModule = EventStoreModule.forStreams(CASE_STREAM_PREFIXES);
