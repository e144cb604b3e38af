import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import type { CommandResult } from '@iln/case-coordination';
import { CommandResultInterceptor, reply } from './command-result.interceptor';

function answer(value: unknown) {
  const headers: Record<string, string> = {};
  const res = { setHeader: (k: string, v: string) => (headers[k] = v) };
  const context = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ExecutionContext;
  const next: CallHandler = { handle: () => of(value) };
  return { body: lastValueFrom(new CommandResultInterceptor().intercept(context, next)), headers };
}

const result: CommandResult = { caseId: 'c-1', version: 7, position: '0000000042', events: [] };

describe('command result interceptor', () => {
  it('writes ETag, Event-Position and Location once, and answers caseId, version and the extra fields', async () => {
    const { body, headers } = answer(reply(result, { reference: 'ILN-GRA-2026-000001' }, '/api/cases/c-1'));
    await expect(body).resolves.toEqual({ caseId: 'c-1', version: 7, reference: 'ILN-GRA-2026-000001' });
    expect(headers).toEqual({ ETag: '"7"', 'Event-Position': '0000000042', Location: '/api/cases/c-1' });
  });

  it('writes no Event-Position when nothing was appended, and no Location when nothing was created', async () => {
    const { body, headers } = answer(reply({ ...result, position: null }));
    await expect(body).resolves.toEqual({ caseId: 'c-1', version: 7 });
    expect(headers).toEqual({ ETag: '"7"' });
  });

  it('refuses an endpoint that did not answer through reply', async () => {
    const { body, headers } = answer(result);
    await expect(body).rejects.toThrow('reply(');
    expect(headers).toEqual({});
  });
});
