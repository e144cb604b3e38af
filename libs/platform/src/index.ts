export * from './config/app-config';
export * from './database/data-source';
export * from './health/health';
export * from './http/problem';
export * from './logging/logging.module';
export * from './metrics/metrics';
export * from './platform.module';
export * from './shutdown';
