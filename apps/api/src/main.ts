import 'reflect-metadata';
import { followUpPolicyFromConfig, KeyEncryptionKeys } from '@iln/case-coordination';
import { exitOnStartupFailure, loadConfigOrExit } from '@iln/platform';
import { createApiApp } from './bootstrap';
import { installGracefulShutdown } from '@iln/platform/shutdown';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // The policy file is configuration too: refuse it before anything starts.
  followUpPolicyFromConfig(config);
  // So is the key-encryption key: without it no case event can be read or written.
  KeyEncryptionKeys.fromConfig(config);
  const app = await createApiApp(config);
  const server = await app.listen(config.port, config.host);
  server.requestTimeout = config.requestTimeoutMs;
  installGracefulShutdown(app, config.shutdownTimeoutMs);
}

void main().catch((e: unknown) => exitOnStartupFailure('api', e));
