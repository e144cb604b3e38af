import { Controller, Get, Header, Inject, NotFoundException, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppConfig, HealthRegistry, Metrics } from '@iln/platform';
import { Public } from '../auth/decorators';

@ApiExcludeController()
@Public()
@Controller()
export class OperationsController {
  constructor(
    private readonly health: HealthRegistry,
    private readonly metrics: Metrics,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res() res: Response): Promise<void> {
    const result = await this.health.run();
    res.status(result.ready ? 200 : 503).json({ status: result.status, checks: result.checks });
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() res: Response): Promise<void> {
    // With METRICS_PORT the scrape lives on the internal port only (metrics-server.ts).
    if (this.config.metricsPort !== undefined) throw new NotFoundException();
    res.type(this.metrics.registry.contentType).send(await this.metrics.scrape());
  }
}
