import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@iln/platform';
import { ApiModule } from './api.module';
import { jsonOnly } from './http/json-only.middleware';
import { noStore } from './http/no-store.middleware';
import { jsonDepthLimit } from './http/json-depth.middleware';
import { answerBodyErrors } from './http/body-errors.middleware';
import { answerClientErrors } from './http/client-errors';
import { createValidationPipe } from './http/validation';
import { documentCaseErased } from './cases/erased-case.openapi';

export const BODY_LIMIT = '256kb';

/** Builds the HTTP application; main.ts listens, tests call this with their own config. */
export async function createApiApp(config: AppConfig, options: { logs?: boolean } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(options.logs === false ? false : app.get(Logger));
  app.disable('x-powered-by');
  // Whose X-Forwarded-For decides req.ip (the per-IP rate limit, logs): TRUST_PROXY.
  app.set('trust proxy', config.trustProxy);
  app.use(helmet());
  app.use(noStore);
  app.enableCors(config.corsOrigins.length > 0 ? { origin: config.corsOrigins, exposedHeaders: ['ETag', 'Event-Position', 'Projection-Position', 'Location'] } : { origin: false });
  app.use(jsonOnly);
  app.use(express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] }));
  app.use(answerBodyErrors);
  app.use(jsonDepthLimit);
  app.useGlobalPipes(createValidationPipe());
  setUpOpenApi(app);
  answerClientErrors(app.getHttpServer());
  return app;
}

function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Integrated locality case coordination')
    .setDescription(
      'One case per resident episode: a single care plan, one named coordinator, brokered specialist input and safeguarding. ' +
        'Errors are RFC 9457 problem details (application/problem+json).',
    )
    .setVersion('1')
    .addServer('/', 'this service')
    .addBearerAuth()
    .build();
  // Not open source: a licence name and no URL (redocly.yaml says why info-license-strict is off).
  config.info.license = { name: 'UNLICENSED (proprietary)' };
  const document = SwaggerModule.createDocument(app, config);
  documentCaseErased(document);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
