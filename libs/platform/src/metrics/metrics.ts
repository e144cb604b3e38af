import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry per process. Label values are route templates, command types, projection
 * and queue names: never ids or anything typed by a user.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'commands_total',
    help: 'Case commands handled, by command type and outcome',
    labelNames: ['command', 'outcome'],
    registers: [this.registry],
  });
  readonly conflicts = new Counter({
    name: 'command_version_conflicts_total',
    help: 'Optimistic concurrency conflicts met while appending, by command type',
    labelNames: ['command'],
    registers: [this.registry],
  });
  readonly projectionLagEvents = new Gauge({
    name: 'projection_lag_events',
    help: 'Events in the log not yet applied by the projection',
    labelNames: ['projection'],
    registers: [this.registry],
    aggregator: 'max',
  });
  readonly projectionLagSeconds = new Gauge({
    name: 'projection_lag_seconds',
    help: 'Age of the oldest event not yet applied by the projection (0 when caught up)',
    labelNames: ['projection'],
    registers: [this.registry],
    aggregator: 'max',
  });
  readonly projectionFailing = new Gauge({
    name: 'projection_failing',
    help: 'Whether the projection is stuck failing on an event (1) or not (0); see /health/ready for which event and since when',
    labelNames: ['projection'],
    registers: [this.registry],
    aggregator: 'max',
  });
  readonly projectionErrors = new Counter({
    name: 'projection_errors_total',
    help: 'Failed attempts to apply events to a read model (counted by the worker that owns the projection)',
    labelNames: ['projection'],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'queue_jobs',
    help: 'Jobs in a BullMQ queue by state',
    labelNames: ['queue', 'state'],
    registers: [this.registry],
    aggregator: 'max',
  });
  readonly followUpsOverdue = new Gauge({
    name: 'follow_ups_overdue',
    help: 'Follow-ups past their due time and not completed (overdue or escalated)',
    registers: [this.registry],
    aggregator: 'max',
  });

  readonly rateLimitStoreErrors = new Counter({
    name: 'rate_limit_store_errors_total',
    help: 'Requests whose rate limit was counted in this process because Redis (the shared counters) did not answer',
    registers: [this.registry],
  });

  /** Bounded in-process caches, by name: how many entries each holds, read at each scrape. */
  private readonly caches = new Map<string, () => number>();
  readonly cacheEntries = ((caches: Map<string, () => number>) =>
    new Gauge({
      name: 'in_process_cache_entries',
      help: 'Entries held by a bounded in-memory cache of this process, by cache (cluster: the largest process)',
      labelNames: ['cache'],
      registers: [this.registry],
      aggregator: 'max',
      collect() {
        for (const [cache, size] of caches) this.set({ cache }, size());
      },
    }))(this.caches);

  private scrapeCluster?: () => Promise<string>;

  /**
   * With DATABASE_READ_URL: the replica's replay lag, read on the replica at each scrape
   * (`database_replica_replay_lag_seconds`, `database_replica_replay_lag_bytes`). Absent
   * without a replica. A scrape while the replica does not answer keeps the last values.
   */
  observeReplicaReplay(read: () => Promise<{ lagSeconds: number; lagBytes: number }>): void {
    let last: Promise<{ lagSeconds: number; lagBytes: number } | null> | null = null;
    // Both gauges are collected in one scrape: one query on the replica serves both.
    const current = () => {
      last ??= read()
        .catch(() => null)
        .finally(() => setImmediate(() => (last = null)));
      return last;
    };
    new Gauge({
      name: 'database_replica_replay_lag_seconds',
      help: 'How far the read replica (DATABASE_READ_URL) trails in replaying what it received from the primary, in seconds (0 when it has replayed everything received)',
      registers: [this.registry],
      aggregator: 'max',
      async collect() {
        const r = await current();
        if (r) this.set(r.lagSeconds);
      },
    });
    new Gauge({
      name: 'database_replica_replay_lag_bytes',
      help: 'WAL the read replica has received from the primary but not yet replayed, in bytes',
      registers: [this.registry],
      aggregator: 'max',
      async collect() {
        const r = await current();
        if (r) this.set(r.lagBytes);
      },
    });
  }

  /** Reports a bounded cache's size as in_process_cache_entries{cache=name} (names are fixed words, never data). */
  watchCache(name: string, size: () => number): void {
    this.caches.set(name, size);
  }

  constructor(app: string) {
    this.registry.setDefaultLabels({ app });
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * The text a scrape answers: this process's registry, or, in an API process of a
   * node:cluster (API_PROCESSES > 1), every process's summed by the primary (counters and
   * histograms add up; the gauges read from shared state take the largest), so whichever
   * process the scrape reaches, it sees the whole API.
   */
  scrape(): Promise<string> {
    return this.scrapeCluster ? this.scrapeCluster() : this.registry.metrics();
  }

  /** Called in a cluster worker: scrapes ask the primary for the aggregate (cluster-metrics.ts). */
  aggregateAcrossCluster(scrape: () => Promise<string>): void {
    this.scrapeCluster = scrape;
  }
}
