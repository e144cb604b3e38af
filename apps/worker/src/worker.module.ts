import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, PlatformModule } from '@iln/platform';
import { workerFeatureModules, workerEntities } from './features';
import { WorkerOperationsModule } from './operations/worker-operations.module';
import { IdempotencyPurgeModule } from './operations/idempotency-purge';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot({ config, app: 'worker', entities: workerEntities }),
        WorkerOperationsModule,
        IdempotencyPurgeModule,
        ...workerFeatureModules(config),
      ],
    };
  }
}
