import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '@iln/platform';

/** Audit rows that could not be written: should always be 0; alert on any increase. */
@Injectable()
export class AuditMetrics {
  readonly writeFailures: Counter<'kind'>;

  constructor(metrics: Metrics) {
    this.writeFailures = new Counter({
      name: 'access_audit_write_failures_total',
      help: 'Access audit rows that could not be written, by access kind (read requests were refused)',
      labelNames: ['kind'],
      registers: [metrics.registry],
    });
  }
}
