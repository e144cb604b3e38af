import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 18: the dashboard reads counts kept by its own projection ('dashboard'), per scope
// (a locality, or '*' for the borough), measure and Europe/London day, instead of
// computing them from every case's rows. Empty at first: the worker's runner fills them
// from the start of the log (a new projection's checkpoint starts there).
export class DashboardCounts1700000019000 implements MigrationInterface {
  name = 'DashboardCounts1700000019000';

  async up(q: QueryRunner): Promise<void> {
    // What each case adds (ids, codes, statuses and times; no names, no text), so its next
    // events can move its counts exactly.
    await q.query(`CREATE TABLE rm_dashboard_cases (case_id text PRIMARY KEY, version bigint NOT NULL, facts jsonb NOT NULL)`);
    // One row per scope, grain, day, dim and day2, its counts packed in arrays (one element
    // per measure, MEASURES in dashboard-facts.ts), so a year's range is a few hundred rows.
    // grain: 'd' a London day, 'm' the month starting on `day`, 'n' no day (counts of now,
    // and of all ever), 'x' a case closed before the day it opened; day2: a second day where
    // a measure needs one (a deadline's day); dim: a coordinator, service or team.
    // total: hand-overs and hundredths of an hour; days: days to first allocation.
    await q.query(`
      CREATE TABLE rm_dashboard_counts (
        scope text NOT NULL,
        grain text NOT NULL,
        day   date NOT NULL,
        dim   text NOT NULL DEFAULT '',
        day2  date NOT NULL DEFAULT '-infinity',
        n     bigint[] NOT NULL,
        total bigint[] NOT NULL,
        days  numeric NOT NULL DEFAULT 0,
        PRIMARY KEY (scope, grain, day, dim, day2)
      )`);
    // One row per item for what counts cannot answer exactly: deadlines falling today (how
    // many are already past now) and answered inputs (the median response time).
    await q.query(`
      CREATE TABLE rm_dashboard_items (
        scope   text NOT NULL,
        measure text NOT NULL,
        item_id text NOT NULL,
        dim     text NOT NULL DEFAULT '',
        day     date NOT NULL,
        at      timestamptz NOT NULL,
        until   timestamptz,
        PRIMARY KEY (scope, measure, item_id)
      )`);
    await q.query(`CREATE INDEX rm_dashboard_items_day ON rm_dashboard_items (scope, measure, day) INCLUDE (dim, at, until)`);
    await q.query(`CREATE INDEX rm_dashboard_items_at ON rm_dashboard_items (scope, measure, at) INCLUDE (day, dim)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rm_dashboard_items`);
    await q.query(`DROP TABLE IF EXISTS rm_dashboard_counts`);
    await q.query(`DROP TABLE IF EXISTS rm_dashboard_cases`);
    await q.query(`DELETE FROM projection_checkpoints WHERE projection = 'dashboard'`);
  }
}
