import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable, from, mergeMap, catchError } from 'rxjs';
import { ProblemException } from '@iln/platform';
import type { AuthenticatedRequest } from '../auth/decorators';
import { IdempotencyStore, type StoredResponse } from './idempotency.store';

export const IDEMPOTENCY_KEY_MAX = 200;
const REPLAYED_HEADERS = ['etag', 'event-position', 'location'];
// How long a duplicate waits for a first request with its key that is still running
// before running the command itself. Running it is safe (a command whose events are
// already in the log is answered from them), so this only saves work for a client that
// sent twice; a key whose first attempt died is usable again after this long.
const WAIT_FOR_FIRST_MS = 2_000;

/** The request's idempotency token, set here and read by the command metadata (command-http.ts). */
export type IdempotentRequest = AuthenticatedRequest & { idempotencyToken?: string };

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
 * Fault injection for the crash tests (test/reliability/idempotency-crash.e2e-spec.ts):
 * with NODE_ENV=test and FAULT_KILL_AFTER_APPEND_KEY set, a request whose Idempotency-Key
 * starts with it kills the process after its command is written and before anything is
 * stored or answered. Read once; never active outside tests.
 */
const KILL_AFTER_APPEND_KEY = process.env.NODE_ENV === 'test' ? process.env.FAULT_KILL_AFTER_APPEND_KEY : undefined;

/**
 * `Idempotency-Key` on POST (API.md): the same key and body within 24 hours returns the
 * first response (status, body byte for byte, ETag, Event-Position, Location) without
 * running the command again; the same key with another body is a 422. Keys are per
 * caller, so two users cannot collide.
 *
 * Exactly once does not rest on this interceptor: it hands the command a token derived
 * from (caller, key, request), the command's event ids are derived from the token, and
 * a command whose events are already in the log answers from them (CaseCommandService).
 * So when the process dies between the append and the answer, or the response cannot
 * be stored, the retry finds the events and answers as the first attempt would have.
 * A refused or failed request releases its key for an immediate retry; an answered one
 * never does.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<IdempotentRequest>();
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
    req.idempotencyToken = createHash('sha256').update(canonical(['idempotency-token', callerId, header, hash])).digest('hex');

    return from(this.claim(callerId, header, hash)).pipe(
      mergeMap((stored) => {
        if (stored) return from([this.replay(res, stored)]);
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            if (KILL_AFTER_APPEND_KEY && header.startsWith(KILL_AFTER_APPEND_KEY)) process.kill(process.pid, 'SIGKILL');
            const headers: Record<string, string> = {};
            for (const name of REPLAYED_HEADERS) {
              const v = res.getHeader(name);
              if (v !== undefined) headers[name] = String(v);
            }
            const text = JSON.stringify(body ?? null);
            // The command is done whatever happens here: if the response cannot be kept,
            // the key stays claimed and a retry answers from the command's events.
            await this.store.complete(callerId, header, { status: res.statusCode, body: text, headers }).catch((e: unknown) => {
              this.logger.warn(`could not store an idempotent response (a retry will answer from the event log): ${(e as Error).message}`);
            });
            // Express sends JSON.stringify(body): the same bytes as stored, without parsing them back.
            return body ?? null;
          }),
          catchError(async (e: unknown) => {
            // Refused (4xx) or failed: if anything was written, its events are the record.
            await this.store.release(callerId, header).catch(() => undefined);
            throw e;
          }),
        );
      }),
    );
  }

  /**
   * Claims the key, or waits a little for a first request with it that is still running.
   * Resolves to the stored response to replay, or undefined to run the command.
   */
  private async claim(callerId: string, key: string, hash: string): Promise<StoredResponse | undefined> {
    const claim = await this.store.claim(callerId, key, hash);
    if (claim.kind === 'mismatch') {
      throw new ProblemException(422, 'idempotency-key-reused', 'Unprocessable content', 'This Idempotency-Key was used with a different request');
    }
    if (claim.kind === 'replay') return claim.response;
    if (claim.kind === 'claimed') return undefined;
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      const stored = await this.store.response(callerId, key);
      if (stored) return stored;
    }
    return undefined;
  }

  private replay(res: Response, stored: StoredResponse): unknown {
    res.status(stored.status);
    for (const [k, v] of Object.entries(stored.headers)) res.setHeader(k, v);
    res.setHeader('Idempotent-Replayed', 'true');
    return JSON.parse(stored.body) as unknown;
  }
}
