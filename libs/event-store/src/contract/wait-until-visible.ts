import type { EventStore } from '../event-store';
import { waitFor } from '@iln/test-kit';

/**
 * Waits until readers of the log can see `position`. The PostgreSQL store shows readers
 * only what lies below the oldest transaction still open anywhere in the cluster (so a
 * late commit is never skipped), so an event just appended may stay invisible for as long
 * as some other session, in any database, keeps a transaction open.
 */
export async function waitUntilVisible(store: EventStore, position: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(async () => store.compareCheckpoints(await store.headPosition(), position) >= 0, {
    timeoutMs,
    description: `log position ${position} to be visible to readers`,
  });
}
