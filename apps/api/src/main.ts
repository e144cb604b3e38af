import 'reflect-metadata';
import cluster from 'node:cluster';
import { followUpPolicyFromConfig } from '@iln/case-coordination';
import { exitOnStartupFailure, joinClusterMetrics, loadConfigOrExit, Metrics } from '@iln/platform';
import { createApiApp } from './bootstrap';
import { runApiPrimary } from './cluster-primary';
import { installGracefulShutdown } from '@iln/platform/shutdown';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // The policy file is configuration too: refuse it before anything starts.
  followUpPolicyFromConfig(config);
  // API_PROCESSES > 1 (default: one per core): this process supervises, the forks serve.
  if (cluster.isPrimary && config.apiProcesses > 1) return runApiPrimary(config);
  const app = await createApiApp(config);
  joinClusterMetrics(app.get(Metrics));
  const server = await app.listen(config.port, config.host);
  server.requestTimeout = config.requestTimeoutMs;
  installGracefulShutdown(app, config.shutdownTimeoutMs);
}

void main().catch((e: unknown) => exitOnStartupFailure('api', e));
