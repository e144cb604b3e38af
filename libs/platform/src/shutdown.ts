import { INestApplicationContext, Logger } from '@nestjs/common';

/**
 * SIGTERM/SIGINT: stop taking requests, let in-flight ones finish, close queues and
 * pools (Nest's shutdown hooks), then exit 0. Past the timeout, exit 1 so an
 * orchestrator knows the stop was not clean.
 */
export function installGracefulShutdown(app: INestApplicationContext, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const logger = new Logger('Shutdown');
    logger.log(`${signal} received: draining`);
    const timer = setTimeout(() => {
      logger.error(`shutdown took over ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    app
      .close()
      .then(() => {
        logger.log('stopped cleanly');
        process.exit(0);
      })
      .catch(() => process.exit(1));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
