import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable, from, mergeMap, catchError } from 'rxjs';
import { ProblemException } from '@iln/platform';
import type { AuthenticatedRequest } from '../auth/decorators';
import { IdempotencyStore, type StoredResponse } from './idempotency.store';

export const IDEMPOTENCY_KEY_MAX = 200;
const REPLAYED_HEADERS = ['etag', 'event-position', 'location'];
// How long a duplicate waits for the first request with its key before being told to retry.
const WAIT_FOR_FIRST_MS = 5_000;

/** JSON with object keys sorted, so the same body hashes the same whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * `Idempotency-Key` on POST (API.md): the same key and body within 24 hours returns the
 * first response (status, body, headers) without running the command again; the same
 * key with another body is a 422. Keys are per caller, so two users cannot collide.
 * Only successful responses are kept: a refused command wrote nothing and may be retried.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const header = req.headers['idempotency-key'];
    if (req.method !== 'POST' || header === undefined) return next.handle();
    if (typeof header !== 'string' || header.length === 0 || header.length > IDEMPOTENCY_KEY_MAX || !/^[\x20-\x7e]+$/.test(header)) {
      throw new ProblemException(400, 'invalid-idempotency-key', 'Bad request', `Idempotency-Key must be 1-${IDEMPOTENCY_KEY_MAX} printable ASCII characters`, [
        { field: 'Idempotency-Key', message: `must be 1-${IDEMPOTENCY_KEY_MAX} printable ASCII characters` },
      ]);
    }
    const callerId = req.principal?.id ?? 'anonymous';
    const hash = createHash('sha256')
      .update(canonical([req.method, req.originalUrl, callerId, req.body ?? null]))
      .digest('hex');

    return from(this.claim(callerId, header, hash)).pipe(
      mergeMap((claim) => {
        if (claim.kind === 'replay') return from([this.replay(res, claim.response)]);
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            const headers: Record<string, string> = {};
            for (const name of REPLAYED_HEADERS) {
              const v = res.getHeader(name);
              if (v !== undefined) headers[name] = String(v);
            }
            await this.store.complete(callerId, header, { status: res.statusCode, body, headers });
            return body;
          }),
          catchError(async (e: unknown) => {
            await this.store.release(callerId, header).catch(() => undefined);
            throw e;
          }),
        );
      }),
    );
  }

  /** Claims the key, or waits a little for a concurrent first request to finish. */
  private async claim(callerId: string, key: string, hash: string) {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const claim = await this.store.claim(callerId, key, hash);
      if (claim.kind === 'mismatch') {
        throw new ProblemException(422, 'idempotency-key-reused', 'Unprocessable content', 'This Idempotency-Key was used with a different request');
      }
      if (claim.kind !== 'in-flight') return claim;
      if (Date.now() > deadline) {
        throw new ProblemException(409, 'idempotency-key-in-flight', 'Conflict', 'A request with this Idempotency-Key is still running; retry shortly', undefined, {
          'Retry-After': '1',
        });
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private replay(res: Response, stored: StoredResponse): unknown {
    res.status(stored.status);
    for (const [k, v] of Object.entries(stored.headers)) res.setHeader(k, v);
    res.setHeader('Idempotent-Replayed', 'true');
    return stored.body;
  }
}
