import 'reflect-metadata';
import { CaseKeys, followUpPolicyFromConfig, KeyEncryptionKeys } from '@iln/case-coordination';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { exitOnStartupFailure, installGracefulShutdown, loadConfigOrExit, Metrics } from '@iln/platform';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  // The worker verifies no tokens, so AUTH_MODE is not its business.
  const config = loadConfigOrExit(process.env, { auth: false });
  // The policy file is configuration too: refuse it before anything starts.
  followUpPolicyFromConfig(config);
  // So is the key-encryption key: without it no case event can be read or written.
  KeyEncryptionKeys.fromConfig(config);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  const keys = app.get(CaseKeys, { strict: false });
  app.get(Metrics, { strict: false }).watchCache('case_keys', () => keys.cachedKeys);
  installGracefulShutdown(app, config.shutdownTimeoutMs);
  await app.init();
}

void main().catch((e: unknown) => exitOnStartupFailure('worker', e));
