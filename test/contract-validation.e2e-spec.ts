import {
  ContractMismatch,
  ContractValidator,
  startApiHarness,
  type ApiHarness,
} from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

// The api harness checks every answer against docs/openapi.json, on both of its ways in:
// a mismatch fails the request itself, so no test can pass on an answer the contract does
// not describe.
describe('the api harness validates every answer against the contract', () => {
  let h: ApiHarness;
  let token: string;

  beforeAll(async () => {
    h = await startApiHarness({ createApp: (config) => createApiApp(config, { logs: false }) });
    token = await h.token();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await h?.close();
  });

  it('checks each answer of supertest and of the typed client, with what was asked and answered', async () => {
    const check = jest.spyOn(ContractValidator.prototype, 'check');
    await h.http().get('/api/teams').set('Authorization', `Bearer ${token}`).expect(200);
    const { response } = await h.client(token).GET('/api/localities');
    expect(response.status).toBe(200);
    expect(
      check.mock.calls.map(([a]) => [
        a.method.toUpperCase(),
        new URL(a.url, 'http://x').pathname,
        a.status,
        a.contentType?.split(';')[0],
      ]),
    ).toEqual([
      ['GET', '/api/teams', 200, 'application/json'],
      ['GET', '/api/localities', 200, 'application/json'],
    ]);
    expect(check.mock.results.map((r) => r.value)).toEqual([[], []]);
    check.mockRestore();
  });

  it('fails the request when the answer does not match (supertest)', async () => {
    jest
      .spyOn(ContractValidator.prototype, 'check')
      .mockReturnValueOnce(['GET /api/teams 200 body must be array']);
    await expect(
      h.http().get('/api/teams').set('Authorization', `Bearer ${token}`),
    ).rejects.toThrow(ContractMismatch);
  });

  it('fails the request when the answer does not match (typed client)', async () => {
    jest
      .spyOn(ContractValidator.prototype, 'check')
      .mockReturnValueOnce(['GET /api/teams 200 body must be array']);
    await expect(h.client(token).GET('/api/teams')).rejects.toThrow(
      /does not match docs\/openapi\.json[\s\S]*must be array/,
    );
  });
});
