import { ContractValidator, startApiHarness, type ApiHarness } from '@iln/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
describe('scratch', () => {
  let h: ApiHarness;
  beforeAll(async () => { h = await startApiHarness({ createApp: (c) => createApiApp(c, { logs: false }) }); });
  afterAll(() => h?.close());
  it('wires', async () => {
    const spy = jest.spyOn(ContractValidator.prototype, 'check');
    const t = await h.token();
    await h.http().get('/api/localities').set('Authorization', `Bearer ${t}`);
    const { data, error, response } = await h.client(t).GET('/api/teams');
    console.log(spy.mock.calls.length, spy.mock.results.map((r) => JSON.stringify(r.value)), response.status, Array.isArray(data), error);
  });
});
