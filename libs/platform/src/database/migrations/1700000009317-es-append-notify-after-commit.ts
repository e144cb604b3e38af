import { MigrationInterface, QueryRunner } from 'typeorm';

// es_append without NOTIFY, and with fewer statements on the common path.
//
// NOTIFY inside the append made every appending transaction take the cluster-wide
// notify-queue lock at commit and hold it through the WAL flush, so concurrent appends
// committed one after another and could never share a flush (adapter/raw INSERT fell to
// ~0.3x at 8 and 32 clients). The adapter now notifies after commit, coalesced per
// process (postgres-event-store.ts), which keeps the wake-after-commit guarantee: a
// subscriber woken finds the events committed. Polling remains the fallback.
export class EsAppendNotifyAfterCommit1700000009317 implements MigrationInterface {
  name = 'EsAppendNotifyAfterCommit1700000009317';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION es_append(p_stream_id text, p_expected bigint, p_events jsonb)
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
        v_last    bigint;
        v_now     timestamptz;
      BEGIN
        -- Serialises appenders per stream; once the lock is ours, each following statement
        -- sees whatever the previous holder committed (READ COMMITTED, fresh snapshot).
        SELECT s.version INTO v_current FROM es_streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
        IF NOT FOUND THEN
          INSERT INTO es_streams AS s (stream_id, version) VALUES (p_stream_id, 0)
            ON CONFLICT (stream_id) DO NOTHING;
          SELECT s.version INTO v_current FROM es_streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
        END IF;

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

        -- recorded_at: taken after the stream lock, so within a stream it never goes
        -- backwards and "recorded up to T" is always a prefix of the stream.
        v_now := clock_timestamp();
        -- ORDER BY o makes the identity values follow the stream order within the append.
        WITH ins AS (
          INSERT INTO es_events (stream_id, version, event_id, type, data, metadata, recorded_at)
            SELECT p_stream_id, v_current + t.o, (t.e->>'eventId')::uuid, t.e->>'type', t.e->'data', t.e->'metadata', v_now
            FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o)
            ORDER BY t.o
            RETURNING global_seq
        ) SELECT max(ins.global_seq) INTO v_last FROM ins;
        UPDATE es_streams s SET version = v_current + v_count, updated_at = now() WHERE s.stream_id = p_stream_id;
        RETURN QUERY SELECT v_current + v_count, pg_current_xact_id(), v_last;
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The previous definition (with NOTIFY in the transaction) is in 1700000000000-event-store.ts.
    await q.query(`SELECT 1`);
  }
}
