import { Pool } from 'pg';
import { AppConfig, redisOptionsFrom } from '@iln/platform';
import {
  createFollowUpQueue,
  FollowUpReconciler,
  FollowUpTimerQueue,
  FollowUpTimerStore,
  followUpRedisConnection,
} from '@iln/case-coordination';

/**
 * `npm run follow-ups:reconcile`: make Redis hold a job for every follow-up the timers
 * table says is still waiting on time, and none for the rest. Safe beside a running
 * worker: it takes the scheduler's lock.
 */
export async function reconcileFollowUps(config: AppConfig): Promise<void> {
  const pool = new Pool({ connectionString: config.databaseUrl, max: 2, application_name: 'iln-cli-reconcile' });
  // The CLI must not wait forever for a Redis that is not there.
  const connection = followUpRedisConnection(redisOptionsFrom(config), { maxRetriesPerRequest: 3 });
  const queue = createFollowUpQueue(connection, config.queuePrefix);
  try {
    const report = await new FollowUpReconciler(new FollowUpTimerStore(pool), new FollowUpTimerQueue(queue)).reconcile();
    process.stdout.write(
      `follow-ups reconciled: ${report.waiting} waiting, ${report.recreated} recreated, ${report.retried} failed jobs retried, ${report.dropped} dropped\n`,
    );
  } finally {
    await queue.close();
    await connection.quit().catch(() => connection.disconnect());
    await pool.end();
  }
}
