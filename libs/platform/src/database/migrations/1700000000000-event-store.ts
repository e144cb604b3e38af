import { MigrationInterface, QueryRunner } from 'typeorm';

// The event store's tables and its append function (libs/event-store/src/postgres).
// Global order is (transaction_id, global_seq): see postgres-event-store.ts for why
// readers only read below the oldest transaction still in flight.
export class EventStore1700000000000 implements MigrationInterface {
  name = 'EventStore1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE es_streams (
        stream_id  text PRIMARY KEY,
        version    bigint NOT NULL CHECK (version >= 0),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // recorded_at is kept to the millisecond so that a time read back into a JS Date
    // selects the same events when passed back as `recordedUpTo`.
    await q.query(`
      CREATE TABLE es_events (
        global_seq     bigint GENERATED ALWAYS AS IDENTITY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id      text NOT NULL REFERENCES es_streams (stream_id),
        version        bigint NOT NULL CHECK (version >= 1),
        event_id       uuid NOT NULL,
        type           text NOT NULL,
        data           jsonb NOT NULL,
        metadata       jsonb NOT NULL,
        recorded_at    timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (transaction_id, global_seq),
        CONSTRAINT es_events_stream_version_key UNIQUE (stream_id, version),
        CONSTRAINT es_events_event_id_key UNIQUE (event_id)
      )`);
    // One statement per append, so the transaction is as short as it can be. Conflicts are
    // raised with our own SQLSTATEs (ES409: stale expected version, ES410: event ids reused
    // elsewhere) so the adapter maps them without parsing messages; raising also rolls back
    // the stream row a first append would otherwise leave behind.
    await q.query(`
      CREATE FUNCTION es_append(p_stream_id text, p_expected bigint, p_events jsonb)
      RETURNS TABLE (version bigint, transaction_id xid8, global_seq bigint)
      LANGUAGE plpgsql AS $$
      #variable_conflict use_column
      DECLARE
        v_current bigint;
        v_count   int := jsonb_array_length(p_events);
        v_ids     uuid[];
        v_first   bigint;
        v_matches int;
        v_stored  int;
        v_now     timestamptz;
      BEGIN
        INSERT INTO es_streams AS s (stream_id, version) VALUES (p_stream_id, 0)
          ON CONFLICT (stream_id) DO NOTHING;
        -- Serialises appenders per stream; once the lock is ours, each following statement
        -- sees whatever the previous holder committed (READ COMMITTED, fresh snapshot).
        SELECT s.version INTO v_current FROM es_streams s WHERE s.stream_id = p_stream_id FOR UPDATE;

        SELECT array_agg((e->>'eventId')::uuid ORDER BY o) INTO v_ids
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);
        SELECT count(*) INTO v_stored FROM es_events ev WHERE ev.event_id = ANY (v_ids);
        IF v_stored > 0 THEN
          -- A retry of an append that already happened: same ids, same order, same stream,
          -- same place. Answer as the first time did and write nothing.
          SELECT min(ev.version) INTO v_first FROM es_events ev
            WHERE ev.event_id = ANY (v_ids) AND ev.stream_id = p_stream_id;
          SELECT count(*) INTO v_matches
            FROM unnest(v_ids) WITH ORDINALITY AS t(id, o)
            JOIN es_events ev ON ev.event_id = t.id AND ev.stream_id = p_stream_id AND ev.version = v_first + t.o - 1;
          IF v_matches = v_count AND v_stored = v_count
             AND (p_expected IS NULL OR p_expected = v_first - 1) THEN
            RETURN QUERY SELECT ev.version, ev.transaction_id, ev.global_seq FROM es_events ev
              WHERE ev.stream_id = p_stream_id AND ev.version = v_first + v_count - 1;
            RETURN;
          END IF;
          RAISE EXCEPTION 'event ids already stored elsewhere' USING ERRCODE = 'ES410';
        END IF;

        IF p_expected IS NOT NULL AND p_expected <> v_current THEN
          RAISE EXCEPTION 'expected version % but stream is at %', p_expected, v_current
            USING ERRCODE = 'ES409', DETAIL = v_current::text;
        END IF;

        -- Taken after the stream lock, so within a stream recorded_at never goes backwards
        -- and "recorded up to T" is always a prefix of the stream.
        v_now := clock_timestamp();
        -- ORDER BY o makes the identity values follow the stream order within the append.
        INSERT INTO es_events (stream_id, version, event_id, type, data, metadata, recorded_at)
          SELECT p_stream_id, v_current + t.o, (t.e->>'eventId')::uuid, t.e->>'type', t.e->'data', t.e->'metadata', v_now
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o)
          ORDER BY t.o;
        UPDATE es_streams s SET version = v_current + v_count, updated_at = now() WHERE s.stream_id = p_stream_id;
        -- Delivered at commit, so a woken subscriber finds the events committed.
        PERFORM pg_notify('es_events', '');
        RETURN QUERY SELECT ev.version, ev.transaction_id, ev.global_seq FROM es_events ev
          WHERE ev.stream_id = p_stream_id AND ev.version = v_current + v_count;
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS es_append(text, bigint, jsonb)`);
    await q.query(`DROP TABLE IF EXISTS es_events`);
    await q.query(`DROP TABLE IF EXISTS es_streams`);
  }
}
