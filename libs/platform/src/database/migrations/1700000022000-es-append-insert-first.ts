import { MigrationInterface, QueryRunner } from 'typeorm';
import { EsAppendNotifyAfterCommit1700000009317 } from './1700000009317-es-append-notify-after-commit';

// es_append with two statements on its common path instead of four (issue 18, measure 1),
// and a case's first append making its data key in the append's own transaction (issue 16).
//
// Before: lock the stream row (SELECT ... FOR UPDATE, a WAL record of its own), count the
// event ids already stored (an index probe per event), insert, update the stream row. Now:
// - one UPDATE of the stream row that checks the expected version in its WHERE and takes
//   the row lock as it writes (one WAL record instead of two). Under READ COMMITTED a
//   concurrent appender's UPDATE waits for our commit and re-checks the version against
//   the committed row, so appenders are still serialised per stream and exactly one
//   wins each version. An opening (expected version 0) inserts the stream row instead.
// - the insert itself finds reused event ids: the unique index on event_id raises 23505,
//   which rolls the whole append back. The adapter then asks es_append_repeat whether it
//   was an exact repeat (answered with the stored result, nothing written) or ids reused
//   elsewhere (ES410). Repeats are retries, rare, so only they pay the second round trip.
// Whenever the quick path does not apply (no stream row yet, or a stale expected version)
// the previous path runs: lock, repeat check (before the version check, as before), ES409.
// Ordering and visibility are unchanged: transaction_id, global_seq and recorded_at are
// set as before (recorded_at after the stream row is locked, so a stream's times never go
// backwards) and the append is still a single statement.
//
// case_key_append: the case's data key row and the append in one statement. It refuses
// (CK409, nothing written) when the case has a key row already, live or destroyed; the
// caller then looks the key up and appends as before, so a destroyed key is never made
// again and a race between two first appends leaves one key.
export class EsAppendInsertFirst1700000022000 implements MigrationInterface {
  name = 'EsAppendInsertFirst1700000022000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION es_append_repeat(p_stream_id text, p_expected bigint, p_events jsonb)
      RETURNS TABLE (version bigint, transaction_id xid8, global_seq bigint)
      LANGUAGE plpgsql AS $$
      #variable_conflict use_column
      DECLARE
        v_count   int := jsonb_array_length(p_events);
        v_ids     uuid[];
        v_first   bigint;
        v_matches int;
        v_stored  int;
      BEGIN
        -- No row: none of the ids is stored. A row: an exact repeat (same ids, same order,
        -- same stream, same place), answered as the first time did. ES410: ids reused elsewhere.
        SELECT array_agg((e->>'eventId')::uuid ORDER BY o) INTO v_ids
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);
        SELECT count(*) INTO v_stored FROM es_events ev WHERE ev.event_id = ANY (v_ids);
        IF v_stored = 0 THEN
          RETURN;
        END IF;
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
      END
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION es_append(p_stream_id text, p_expected bigint, p_events jsonb)
      RETURNS TABLE (version bigint, transaction_id xid8, global_seq bigint)
      LANGUAGE plpgsql AS $$
      #variable_conflict use_column
      DECLARE
        v_current bigint;
        v_count   int := jsonb_array_length(p_events);
        v_last    bigint;
        v_now     timestamptz;
      BEGIN
        -- Quick path: take the stream's next versions (and its row lock) in one write.
        IF p_expected = 0 THEN
          INSERT INTO es_streams AS s (stream_id, version) VALUES (p_stream_id, v_count)
            ON CONFLICT (stream_id) DO NOTHING;
          IF FOUND THEN
            v_current := 0;
          END IF;
        ELSE
          UPDATE es_streams s SET version = s.version + v_count, updated_at = now()
            WHERE s.stream_id = p_stream_id AND (p_expected IS NULL OR s.version = p_expected)
            RETURNING s.version - v_count INTO v_current;
        END IF;

        IF v_current IS NULL THEN
          -- No stream row yet, or a stale expected version: lock, then decide as before.
          SELECT s.version INTO v_current FROM es_streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
          IF NOT FOUND THEN
            INSERT INTO es_streams AS s (stream_id, version) VALUES (p_stream_id, 0)
              ON CONFLICT (stream_id) DO NOTHING;
            SELECT s.version INTO v_current FROM es_streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
          END IF;
          IF p_expected IS NOT NULL AND p_expected <> v_current THEN
            RETURN QUERY SELECT r.version, r.transaction_id, r.global_seq FROM es_append_repeat(p_stream_id, p_expected, p_events) r;
            IF FOUND THEN
              RETURN;
            END IF;
            RAISE EXCEPTION 'expected version % but stream is at %', p_expected, v_current
              USING ERRCODE = 'ES409', DETAIL = v_current::text;
          END IF;
          UPDATE es_streams s SET version = v_current + v_count, updated_at = now() WHERE s.stream_id = p_stream_id;
        END IF;

        -- recorded_at: taken once the stream row is locked, so within a stream it never goes
        -- backwards and "recorded up to T" is always a prefix of the stream.
        v_now := clock_timestamp();
        -- ORDER BY o makes the identity values follow the stream order within the append.
        -- An event id stored already fails here (unique index, 23505): see es_append_repeat.
        WITH ins AS (
          INSERT INTO es_events (stream_id, version, event_id, type, data, metadata, recorded_at)
            SELECT p_stream_id, v_current + t.o, (t.e->>'eventId')::uuid, t.e->>'type', t.e->'data', t.e->'metadata', v_now
            FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o)
            ORDER BY t.o
            RETURNING global_seq
        ) SELECT max(ins.global_seq) INTO v_last FROM ins;
        RETURN QUERY SELECT v_current + v_count, pg_current_xact_id(), v_last;
      END
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION case_key_append(
        p_case_id text, p_wrapped_key bytea, p_kek_id text, p_stream_id text, p_expected bigint, p_events jsonb)
      RETURNS TABLE (version bigint, transaction_id xid8, global_seq bigint)
      LANGUAGE plpgsql AS $$
      #variable_conflict use_column
      BEGIN
        -- A concurrent first append's key row: this waits for its commit, then conflicts.
        INSERT INTO case_keys (case_id, wrapped_key, kek_id) VALUES (p_case_id, p_wrapped_key, p_kek_id)
          ON CONFLICT (case_id) DO NOTHING;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'case % has a data key row already', p_case_id USING ERRCODE = 'CK409';
        END IF;
        RETURN QUERY SELECT a.version, a.transaction_id, a.global_seq FROM es_append(p_stream_id, p_expected, p_events) a;
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The previous es_append (CREATE OR REPLACE), then the helpers it no longer calls.
    await new EsAppendNotifyAfterCommit1700000009317().up(q);
    await q.query(`DROP FUNCTION IF EXISTS case_key_append(text, bytea, text, text, bigint, jsonb)`);
    await q.query(`DROP FUNCTION IF EXISTS es_append_repeat(text, bigint, jsonb)`);
  }
}
