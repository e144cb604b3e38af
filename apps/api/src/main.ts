import 'reflect-metadata';
import cluster from 'node:cluster';
import { exitOnStartupFailure, loadConfigOrExit } from '@iln/platform/config/app-config';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // API_PROCESSES > 1 (default: one per core): this process supervises, the forks serve.
  // It loads only what supervising needs; each fork checks the policy file below, and a
  // fork that cannot start stops the primary with the fork's exit code.
  if (cluster.isPrimary && config.apiProcesses > 1) {
    const { runApiPrimary } = await import('./cluster-primary');
    return runApiPrimary(config);
  }
  const { followUpPolicyFromConfig, KeyEncryptionKeys } = await import('@iln/case-coordination');
  // The policy file is configuration too: refuse it before anything starts.
  followUpPolicyFromConfig(config);
  // So is the key-encryption key: without it no case event can be read or written.
  KeyEncryptionKeys.fromConfig(config);
  const { createApiApp } = await import('./bootstrap');
  const { joinClusterMetrics, installGracefulShutdown, Metrics } = await import('@iln/platform');
  const { CaseKeys } = await import('@iln/case-coordination');
  const { TokenVerifier } = await import('./auth/token-verifier');
  const app = await createApiApp(config);
  const metrics = app.get(Metrics);
  const keys = app.get(CaseKeys, { strict: false });
  const tokens = app.get(TokenVerifier, { strict: false });
  metrics.watchCache('case_keys', () => keys.cachedKeys);
  metrics.watchCache('verified_tokens', () => tokens.cachedTokens);
  joinClusterMetrics(metrics);
  const server = await app.listen(config.port, config.host);
  server.requestTimeout = config.requestTimeoutMs;
  installGracefulShutdown(app, config.shutdownTimeoutMs);
}

void main().catch((e: unknown) => exitOnStartupFailure('api', e));
