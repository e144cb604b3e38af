import cluster from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Metrics } from './metrics';

const REQUEST = 'iln:metrics-request';
const RESPONSE = 'iln:metrics-response';
const TIMEOUT_MS = 5_000;

interface MetricsMessage {
  type: string;
  id: number;
  text?: string;
  error?: boolean;
}

const isMessage = (m: unknown, type: string): m is MetricsMessage => typeof m === 'object' && m !== null && (m as MetricsMessage).type === type;

/**
 * In the cluster primary: answers a worker's request for the metrics of every worker,
 * aggregated by prom-client's AggregatorRegistry (which asks each worker for its
 * registry over the cluster's IPC channel).
 */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage(message, REQUEST)) return;
    const reply = (m: Omit<MetricsMessage, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: RESPONSE, id: message.id, ...m });
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      () => reply({ error: true }),
    );
  });
}

/**
 * In a cluster worker: offers this process's registry to the primary's aggregation and
 * makes `metrics.scrape()` answer with the aggregate of all the API's processes.
 */
export function joinClusterMetrics(metrics: Metrics): void {
  if (!cluster.isWorker || !process.send) return;
  new AggregatorRegistry(); // installs the worker's side of prom-client's protocol
  AggregatorRegistry.setRegistries([metrics.registry]);
  let next = 0;
  const pending = new Map<number, { resolve(text: string): void; reject(e: Error): void }>();
  process.on('message', (message: unknown) => {
    if (!isMessage(message, RESPONSE)) return;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error || message.text === undefined) waiter.reject(new Error('cluster metrics unavailable'));
    else waiter.resolve(message.text);
  });
  metrics.aggregateAcrossCluster(
    () =>
      new Promise<string>((resolve, reject) => {
        const id = next++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error('cluster metrics timed out'));
        }, TIMEOUT_MS);
        pending.set(id, {
          resolve: (text) => (clearTimeout(timer), resolve(text)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        process.send!({ type: REQUEST, id });
      }),
  );
}
