import { DataSource } from 'typeorm';

/**
 * The DataSource the read side's queries run on. With DATABASE_READ_URL (API only) it is
 * a second pool on that streaming replica; otherwise it is the primary's own DataSource,
 * so without a replica nothing changes. Writes never go through it: a hot standby
 * refuses them.
 */
export abstract class ReadDataSource extends DataSource {}

/**
 * How far the replica's replay trails what it has received from the primary, in seconds
 * (0 when it has replayed everything received), whether replay is paused, and the WAL
 * bytes received but not yet replayed. Read on the replica itself: no personal data.
 */
export interface ReplicaReplay {
  lagSeconds: number;
  lagBytes: number;
  paused: boolean;
}

export async function readReplicaReplay(ds: DataSource): Promise<ReplicaReplay> {
  const rows: Array<{ in_recovery: boolean; lag_seconds: number | null; lag_bytes: string | null; paused: boolean | null }> = await ds.query(
    `SELECT pg_is_in_recovery() AS in_recovery,
            CASE WHEN NOT pg_is_in_recovery() THEN 0
                 WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                 ELSE greatest(0, extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()))::float8 END AS lag_seconds,
            CASE WHEN pg_is_in_recovery() THEN greatest(0, pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()))::bigint ELSE 0 END AS lag_bytes,
            CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END AS paused`,
  );
  const r = rows[0];
  return { lagSeconds: Number(r.lag_seconds ?? 0), lagBytes: Number(r.lag_bytes ?? 0), paused: r.paused === true };
}
