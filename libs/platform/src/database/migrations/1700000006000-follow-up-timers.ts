import { MigrationInterface, QueryRunner } from 'typeorm';

// The follow-up scheduler's durable record, derived from the event log: one row per
// follow-up with what its timer should be, and the scheduler's checkpoint. Both are
// written in one transaction, so the rows always match the checkpoint; Redis holds
// only the delayed jobs and can be rebuilt from these rows (`follow-ups:reconcile`).
export class FollowUpTimers1700000006000 implements MigrationInterface {
  name = 'FollowUpTimers1700000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE follow_up_timers (
        follow_up_id    text PRIMARY KEY,
        case_id         text NOT NULL,
        kind            text NOT NULL,
        status          text NOT NULL CHECK (status IN ('open', 'overdue', 'escalated', 'completed', 'cancelled')),
        due_at          timestamptz(3) NOT NULL,
        escalate_at     timestamptz(3) NOT NULL,
        correlation_id  text NOT NULL,
        caused_by       text NOT NULL,
        updated_at      timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // Reconcile and the overdue gauge read only the follow-ups still awaiting someone.
    await q.query(`
      CREATE INDEX follow_up_timers_pending ON follow_up_timers (status)
        WHERE status IN ('open', 'overdue', 'escalated')`);
    await q.query(`
      CREATE TABLE follow_up_checkpoints (
        consumer    text PRIMARY KEY,
        position    text,
        updated_at  timestamptz(3) NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS follow_up_checkpoints`);
    await q.query(`DROP TABLE IF EXISTS follow_up_timers`);
  }
}
