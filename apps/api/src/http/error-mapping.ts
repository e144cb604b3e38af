import { ProblemException } from '@iln/platform';

type Mapper = (error: unknown) => ProblemException | undefined;
const mappers: Mapper[] = [];

/**
 * Libraries register how their errors read over HTTP (domain rules → 409, concurrency →
 * 412, a database that is down → 503) so the filter stays the one place errors leave.
 */
export function registerErrorMapper(mapper: Mapper): void {
  mappers.push(mapper);
}

export function toProblem(error: unknown): ProblemException | undefined {
  for (const m of mappers) {
    const p = m(error);
    if (p) return p;
  }
  return undefined;
}

const DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08006', '08001', '08003']);

// A dependency that is down is the service's trouble, not the client's: 503 with a hint
// to retry, and the command was not acknowledged.
registerErrorMapper((error) => {
  const e = error as { code?: string; message?: string } | undefined;
  const message = e?.message ?? '';
  if (
    (e?.code && DOWN_CODES.has(e.code)) ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Connection is closed|the database system is (starting up|shutting down)/.test(message)
  ) {
    return new ProblemException(503, 'dependency-unavailable', 'Service unavailable', 'A dependency is unavailable; try again shortly', undefined, {
      'Retry-After': '2',
    });
  }
  return undefined;
});
