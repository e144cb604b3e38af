import { randomUUID } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

// The shape the access audit also accepts, so the log, the response header and the audit agree.
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

const UNMATCHED = new WeakSet<object>();
function pathToLog(req: IncomingMessage): string {
  return UNMATCHED.has(req) ? '(no route)' : (req.url ?? '').split('?')[0];
}

/** Marks a request no route matched, so its log line leaves out the path the client typed. */
export function markUnmatchedRoute(req: object): void {
  UNMATCHED.add(req);
}

/**
 * Structured JSON logs. Personal data stays out: no bodies, no query strings (a search
 * query is a resident's name), no authorisation headers; only the path, which holds ids.
 */
@Module({})
export class LoggingModule {
  static forRoot(): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            pinoHttp: {
              level: config.logLevel,
              genReqId: (req: IncomingMessage, res: ServerResponse) => {
                const given = req.headers['x-request-id'];
                const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
                res.setHeader('X-Request-Id', id);
                return id;
              },
              serializers: {
                req: (req: { id: string; method: string }) => ({ id: req.id, method: req.method }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
              // The path goes in when the response is done: only then is it known whether
              // a route matched. A route's path holds ids; a path no route matched is
              // whatever the client typed (a name, say) and is not written.
              customSuccessObject: (req: IncomingMessage, _res: ServerResponse, val: object) => ({ ...val, path: pathToLog(req) }),
              customErrorObject: (req: IncomingMessage, _res: ServerResponse, _err: Error, val: object) => ({ ...val, path: pathToLog(req) }),
              redact: { paths: ['req.headers', 'res.headers'], remove: true },
              autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') || req.url === '/metrics' },
            },
          }),
        }),
      ],
    };
  }
}
