import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '@iln/platform';

/** Requests answered 503 because the identity provider could not be asked: alert on any increase. */
@Injectable()
export class AuthMetrics {
  readonly issuerUnavailable: Counter;

  constructor(metrics: Metrics) {
    this.issuerUnavailable = new Counter({
      name: 'auth_identity_provider_unavailable_total',
      help: 'Requests refused with 503 because the OIDC discovery document or JWKS could not be fetched',
      registers: [metrics.registry],
    });
  }
}
