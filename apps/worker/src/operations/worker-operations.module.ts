import { Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AppConfig, HealthRegistry, Metrics } from '@iln/platform';

/**
 * The worker serves only /health/* and /metrics, on WORKER_PORT (default: none, so two
 * workers on one machine do not collide unless asked).
 */
@Injectable()
class WorkerOperationsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly health: HealthRegistry,
    private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = Number(process.env.WORKER_PORT ?? 0);
    if (!port) return;
    this.server = createServer((req, res) => {
      void (async () => {
        if (req.url === '/metrics') {
          res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType });
          res.end(await this.metrics.registry.metrics());
        } else if (req.url === '/health/live') {
          res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
        } else if (req.url === '/health/ready') {
          const r = await this.health.run();
          res.writeHead(r.ready ? 200 : 503, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ status: r.status, checks: r.checks }));
        } else {
          res.writeHead(404).end();
        }
      })();
    });
    await new Promise<void>((resolve) => this.server!.listen(port, this.config.host, resolve));
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

@Module({ providers: [WorkerOperationsServer] })
export class WorkerOperationsModule {}
