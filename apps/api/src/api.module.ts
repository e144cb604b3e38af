import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { AppConfig, PlatformModule } from '@iln/platform';
import { MetricsInterceptor } from './http/metrics.interceptor';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { OperationsController } from './operations/operations.controller';
import { MetricsServer } from './operations/metrics-server';
import { apiFeatureModules, apiEntities } from './features';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [PlatformModule.forRoot({ config, app: 'api', entities: apiEntities }), ...apiFeatureModules(config)],
      controllers: [OperationsController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: MetricsInterceptor },
        MetricsServer,
      ],
    };
  }
}
