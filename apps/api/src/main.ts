import 'reflect-metadata';
import { loadConfigOrExit } from '@iln/platform';
import { createApiApp } from './bootstrap';
import { installGracefulShutdown } from '@iln/platform/shutdown';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApiApp(config);
  const server = await app.listen(config.port, config.host);
  server.requestTimeout = config.requestTimeoutMs;
  installGracefulShutdown(app, config.shutdownTimeoutMs);
}

void main().catch((e: unknown) => {
  process.stderr.write(`api failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
