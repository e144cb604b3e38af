import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { markUnmatchedRoute } from '@iln/platform';
import { PROBLEM_CONTENT_TYPE, ProblemBody, ProblemException, problemType } from '@iln/platform';
import { toProblem } from './error-mapping';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  503: 'Service unavailable',
};

function slug(status: number): string {
  return (TITLES[status] ?? 'error').toLowerCase().replace(/ /g, '-');
}

/**
 * The one place errors become HTTP. Whatever happens, the client gets problem+json and
 * never a stack trace; unexpected errors are logged by class and request id only.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    // Nest's answer for a path no route matched: that path is whatever the client typed
    // (a resident's name, say), so the request log must not repeat it.
    if (exception instanceof NotFoundException && /^Cannot [A-Z]+ /.test(exception.message)) {
      markUnmatchedRoute(host.switchToHttp().getRequest<Request>());
    }
    if (res.headersSent) return;
    const { body, headers } = this.toBody(exception);
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private toBody(exception: unknown): { body: ProblemBody; headers: Record<string, string> } {
    if (exception instanceof ProblemException) return { body: exception.toBody(), headers: exception.headers };
    const mapped = toProblem(exception);
    if (mapped) return { body: mapped.toBody(), headers: mapped.headers };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const detail = status === 404 ? 'No such resource' : TITLES[status] ?? 'Request failed';
      return { body: { type: problemType(slug(status)), title: TITLES[status] ?? 'Error', status, detail }, headers: {} };
    }
    // Express-level errors that carry a client status (body-parser's own are answered
    // earlier, in answerBodyErrors).
    const bodyParser = exception as { type?: string; status?: number };
    if (typeof bodyParser?.status === 'number' && bodyParser.status >= 400 && bodyParser.status < 500) {
      const status = bodyParser.status;
      return { body: { type: problemType(slug(status)), title: TITLES[status] ?? 'Bad request', status, detail: 'The request could not be read' }, headers: {} };
    }
    const name = exception instanceof Error ? exception.name : typeof exception;
    this.logger.error({ err: { name, message: exception instanceof Error ? exception.message : undefined } }, 'unexpected error');
    return {
      body: { type: problemType('internal'), title: 'Internal error', status: 500, detail: 'Something went wrong on our side; nothing was saved' },
      headers: {},
    };
  }
}
