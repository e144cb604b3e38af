import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, TimeoutError, catchError, throwError, timeout } from 'rxjs';
import { AppConfig, ProblemException } from '@iln/platform';

/**
 * A handler that has not answered within REQUEST_TIMEOUT_MS gets a 503 rather than
 * holding the connection (and a pool client) indefinitely. Await-Position waits are far
 * shorter (5 s) and answer for themselves.
 */
@Injectable()
export class RequestTimeoutInterceptor implements NestInterceptor {
  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      timeout(this.config.requestTimeoutMs),
      catchError((e: unknown) =>
        throwError(() =>
          e instanceof TimeoutError
            ? new ProblemException(503, 'timeout', 'Service unavailable', 'The request took too long; try again shortly', undefined, { 'Retry-After': '2' })
            : e,
        ),
      ),
    );
  }
}
