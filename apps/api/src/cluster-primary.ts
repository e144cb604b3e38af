import cluster, { type Worker } from 'node:cluster';
import pino from 'pino';
import type { AppConfig } from '@iln/platform';
import { serveClusterMetrics } from '@iln/platform/metrics/cluster-metrics';

/** A process that dies this soon after the previous death counts as a crash loop: wait longer before the next. */
const RECENT_MS = 60_000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * API_PROCESSES > 1: this process is a node:cluster primary and serves no request
 * itself. It starts the API processes, which share PORT (the primary accepts connections
 * and hands them round); replaces one that dies after it was serving (at once, then
 * backing off while they keep dying); stops everything if one cannot start (a bad
 * configuration or an unreachable dependency at start fails the same way with one
 * process or many); and on SIGTERM/SIGINT lets every process drain (their own graceful
 * shutdown), exiting 0 only if they all stopped cleanly.
 */
export function runApiPrimary(config: AppConfig): void {
  const log = pino({ level: config.logLevel, base: { pid: process.pid, role: 'api-primary' } });
  serveClusterMetrics();
  // Dev tokens must verify in every process: one secret for all, the one this start made if none was given.
  const env: NodeJS.ProcessEnv = config.authMode === 'dev' && config.devTokenSecret ? { DEV_TOKEN_SECRET: config.devTokenSecret } : {};
  const serving = new Set<number>();
  const deaths: number[] = [];
  let stopping = false;
  let failed = 0;

  const start = (): Worker => {
    const worker = cluster.fork(env);
    worker.once('listening', () => {
      serving.add(worker.id);
      log.info({ worker: worker.process.pid }, 'an API process is serving');
    });
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    const wasServing = serving.delete(worker.id);
    if (stopping) {
      // One still starting is simply stopped; one that was serving must have drained cleanly.
      if (wasServing && code !== 0) failed++;
      if (Object.keys(cluster.workers ?? {}).length === 0) finish();
      return;
    }
    if (!wasServing) {
      // It never served: the same failure would meet every restart.
      log.error({ code, signal }, 'an API process failed to start; stopping');
      stopAll(code && code !== 0 ? code : 1);
      return;
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths.length > 0 && deaths[0] < now - RECENT_MS) deaths.shift();
    const delay = deaths.length <= 1 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 250 * 2 ** (deaths.length - 1));
    log.warn({ code, signal, restartInMs: delay }, 'an API process exited; starting another');
    setTimeout(() => {
      if (!stopping) start();
    }, delay).unref();
  });

  let exitCode = 0;
  const finish = () => process.exit(exitCode !== 0 ? exitCode : failed > 0 ? 1 : 0);
  const stopAll = (code: number, signal: NodeJS.Signals = 'SIGTERM') => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (workers.length === 0) return finish();
    for (const w of workers) w.process.kill(signal);
    // Each process exits 1 itself past SHUTDOWN_TIMEOUT_MS; this is the backstop.
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5_000).unref();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log.info(`${signal} received: draining ${Object.keys(cluster.workers ?? {}).length} API processes`);
    stopAll(0);
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));

  log.info(`starting ${config.apiProcesses} API processes on ${config.host}:${config.port}`);
  for (let i = 0; i < config.apiProcesses; i++) start();
}
