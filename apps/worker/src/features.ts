import { DynamicModule, Type } from '@nestjs/common';
import { AppConfig } from '@iln/platform';

// What the worker runs: the projection runner and the follow-up scheduler/processors.
export function workerFeatureModules(_config: AppConfig): Array<Type | DynamicModule> {
  return [];
}

export const workerEntities: Array<Type> = [];
