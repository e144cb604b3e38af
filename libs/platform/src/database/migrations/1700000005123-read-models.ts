import { MigrationInterface, QueryRunner } from 'typeorm';

// Read models (libs/case-coordination/src/read-models) and the projections' checkpoints.
// Everything here can be rebuilt from the event log (`npm run projections:rebuild`):
// the rebuild copies these tables with CREATE TABLE ... (LIKE ... INCLUDING ALL), so
// primary keys keep PostgreSQL's default names and indexes are re-named after a swap.
export class ReadModels1700000005123 implements MigrationInterface {
  name = 'ReadModels1700000005123';

  async up(q: QueryRunner): Promise<void> {
    // Trusted extension (PG13+): the database owner may create it without superuser.
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    // The checkpoint row is also the lock a batch and a rebuild swap serialise on.
    await q.query(`
      CREATE TABLE projection_checkpoints (
        projection     text PRIMARY KEY,
        position       text NULL,
        events_applied bigint NOT NULL DEFAULT 0,
        updated_at     timestamptz(3) NOT NULL DEFAULT now(),
        last_error     text NULL,
        failing_since  timestamptz(3) NULL
      )`);
    // Queries waiting on Await-Position listen here instead of polling.
    await q.query(`
      CREATE FUNCTION projection_checkpoints_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('projection_checkpoints', NEW.projection);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER projection_checkpoints_notify AFTER INSERT OR UPDATE OF position ON projection_checkpoints
      FOR EACH ROW EXECUTE FUNCTION projection_checkpoints_notify()`);

    await q.query(`
      CREATE TABLE rm_case_list (
        case_id             text PRIMARY KEY,
        version             integer NOT NULL,
        reference           text NOT NULL,
        resident_name       text NOT NULL,
        locality_id         text NOT NULL,
        status              text NOT NULL,
        complexity          text NOT NULL,
        coordinator_id      text NULL,
        coordinator_name    text NULL,
        coordinator_team_id text NULL,
        safeguarding_flag   boolean NOT NULL,
        open_inputs         integer NOT NULL,
        next_review_due     timestamptz(3) NULL,
        plan_agreed_at      timestamptz(3) NULL,
        home_care_team_id   text NULL,
        home_care_hours     double precision NOT NULL,
        handovers           integer NOT NULL,
        opened_at           timestamptz(3) NOT NULL,
        first_allocated_at  timestamptz(3) NULL,
        closed_at           timestamptz(3) NULL,
        updated_at          timestamptz(3) NOT NULL
      )`);
    await q.query(`CREATE INDEX rm_case_list_locality_status ON rm_case_list (locality_id, status, updated_at DESC)`);
    await q.query(`CREATE INDEX rm_case_list_coordinator ON rm_case_list (coordinator_id, status)`);
    await q.query(`CREATE INDEX rm_case_list_reference_trgm ON rm_case_list USING gin (lower(reference) gin_trgm_ops)`);
    await q.query(`CREATE INDEX rm_case_list_resident_trgm ON rm_case_list USING gin (lower(resident_name) gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE rm_case_detail (
        case_id     text PRIMARY KEY,
        version     integer NOT NULL,
        locality_id text NOT NULL,
        document    jsonb NOT NULL,
        updated_at  timestamptz(3) NOT NULL
      )`);

    await q.query(`
      CREATE TABLE rm_care_plan_versions (
        case_id      text NOT NULL,
        plan_version integer NOT NULL,
        version      integer NOT NULL,
        document     jsonb NOT NULL,
        PRIMARY KEY (case_id, plan_version)
      )`);

    await q.query(`
      CREATE TABLE rm_case_timeline (
        case_id     text NOT NULL,
        version     integer NOT NULL,
        position    text NOT NULL,
        type        text NOT NULL,
        occurred_at timestamptz(3) NOT NULL,
        actor_id    text NOT NULL,
        actor_name  text NOT NULL,
        summary     text NOT NULL,
        restricted  boolean NOT NULL,
        PRIMARY KEY (case_id, version)
      )`);

    await q.query(`
      CREATE TABLE rm_follow_ups (
        follow_up_id      text PRIMARY KEY,
        case_id           text NOT NULL,
        version           integer NOT NULL,
        kind              text NOT NULL,
        due_at            timestamptz(3) NOT NULL,
        status            text NOT NULL,
        owner_id          text NULL,
        service_id        text NULL,
        subject_kind      text NOT NULL,
        subject_id        text NOT NULL,
        scheduled_at      timestamptz(3) NOT NULL,
        completed_at      timestamptz(3) NULL,
        manual            boolean NOT NULL,
        became_overdue_at timestamptz(3) NULL,
        escalated_at      timestamptz(3) NULL,
        cancelled_at      timestamptz(3) NULL
      )`);
    await q.query(`CREATE INDEX rm_follow_ups_owner ON rm_follow_ups (owner_id, status)`);
    await q.query(`CREATE INDEX rm_follow_ups_service ON rm_follow_ups (service_id, status)`);
    await q.query(`CREATE INDEX rm_follow_ups_case ON rm_follow_ups (case_id)`);
    await q.query(`CREATE INDEX rm_follow_ups_kind_due ON rm_follow_ups (kind, due_at)`);

    await q.query(`
      CREATE TABLE rm_specialist_inputs (
        input_id     text PRIMARY KEY,
        case_id      text NOT NULL,
        version      integer NOT NULL,
        service_id   text NOT NULL,
        mode         text NOT NULL,
        urgency      text NOT NULL,
        request      text NOT NULL,
        status       text NOT NULL,
        requested_at timestamptz(3) NOT NULL,
        respond_by   timestamptz(3) NOT NULL,
        responded_at timestamptz(3) NULL,
        accepted_by  text NULL,
        outcome      text NULL,
        ended_at     timestamptz(3) NULL
      )`);
    await q.query(`CREATE INDEX rm_specialist_inputs_service ON rm_specialist_inputs (service_id, status)`);
    await q.query(`CREATE INDEX rm_specialist_inputs_case ON rm_specialist_inputs (case_id)`);

    await q.query(`
      CREATE TABLE rm_safeguarding_concerns (
        concern_id             text PRIMARY KEY,
        case_id                text NOT NULL,
        version                integer NOT NULL,
        categories             jsonb NOT NULL,
        risk                   text NOT NULL,
        summary                text NOT NULL,
        status                 text NOT NULL,
        raised_by_id           text NOT NULL,
        raised_by_name         text NOT NULL,
        raised_at              timestamptz(3) NOT NULL,
        decision_due_by        timestamptz(3) NOT NULL,
        decided_at             timestamptz(3) NULL,
        section42              boolean NULL,
        concluded_at           timestamptz(3) NULL,
        outcome                text NULL,
        desired_outcomes_asked boolean NULL,
        outcomes_met           text NULL
      )`);
    await q.query(`CREATE INDEX rm_safeguarding_concerns_case ON rm_safeguarding_concerns (case_id)`);
    await q.query(`CREATE INDEX rm_safeguarding_concerns_status ON rm_safeguarding_concerns (status, raised_at)`);

    await q.query(`
      CREATE TABLE rm_discharges (
        discharge_id  text PRIMARY KEY,
        case_id       text NOT NULL,
        version       integer NOT NULL,
        hospital      text NOT NULL,
        admitted_at   timestamptz(3) NOT NULL,
        discharged_at timestamptz(3) NOT NULL,
        pathway       integer NOT NULL
      )`);
    await q.query(`CREATE INDEX rm_discharges_case ON rm_discharges (case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'rm_discharges',
      'rm_safeguarding_concerns',
      'rm_specialist_inputs',
      'rm_follow_ups',
      'rm_case_timeline',
      'rm_care_plan_versions',
      'rm_case_detail',
      'rm_case_list',
      'projection_checkpoints',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS projection_checkpoints_notify()`);
  }
}
