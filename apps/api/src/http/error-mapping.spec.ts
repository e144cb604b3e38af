import { ProblemException } from '@iln/platform';
import { toProblem } from './error-mapping';

describe('database errors over HTTP', () => {
  it('a query a hot standby cancelled for replay (DATABASE_READ_URL) is 503 dependency-unavailable, to retry', () => {
    const cancelled = Object.assign(new Error('canceling statement due to conflict with recovery'), { code: '40001' });
    const problem = toProblem(cancelled);
    expect(problem).toBeInstanceOf(ProblemException);
    expect([problem!.getStatus(), problem!.code, problem!.headers['Retry-After']]).toEqual([503, 'dependency-unavailable', '2']);
  });

  it('other errors of the same SQLSTATE are not taken for it', () => {
    expect(toProblem(Object.assign(new Error('could not serialize access due to concurrent update'), { code: '40001' }))).toBeUndefined();
  });
});
