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
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Connection is closed|the database system is (starting up|shutting down)/.test(message) ||
    // A query on a hot standby (DATABASE_READ_URL) cancelled because replay needed what it read.
    /conflict with recovery/.test(message)
  ) {
    return new ProblemException(503, 'dependency-unavailable', 'Service unavailable', 'A dependency is unavailable; try again shortly', undefined, {
      'Retry-After': '2',
    });
  }
  return undefined;
});

// PostgreSQL refuses NUL and text it cannot encode (SQLSTATE 22021, 22P05) wherever a
// client's string reaches a query (a path id, a filter, a note): the client's input is
// at fault, so 400, and the transaction it failed in wrote nothing.
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);
registerErrorMapper((error) => {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && UNSTORABLE_TEXT.has(code)) {
    return new ProblemException(400, 'unstorable-text', 'Bad request', 'The request holds characters that cannot be stored (such as NUL)');
  }
  return undefined;
});
