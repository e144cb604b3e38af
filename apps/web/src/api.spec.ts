import { READ_YOUR_WRITES_TRIES, fetchAwaitingPosition } from './api';

// The API's answers are given here: a read that waits for a write is asked again while
// the read models are behind (503 with Retry-After), and nothing else is.
describe('reading one’s own write', () => {
  const answers = (...statuses: number[]) => {
    const seen: string[] = [];
    const send = (async (input: Request) => {
      seen.push(input.headers.get('Await-Position') ?? '');
      const status = statuses.shift() ?? 200;
      return new Response(status === 200 ? '{}' : null, { status, headers: status === 503 ? { 'Retry-After': '0.01' } : {} });
    }) as typeof fetch;
    return { send, seen };
  };
  const read = (headers: Record<string, string>) => new Request('http://api.test/api/cases/x', { headers });

  it('asks again while the read models are behind, then answers what they say', async () => {
    const { send, seen } = answers(503, 503, 200);
    const response = await fetchAwaitingPosition(read({ 'Await-Position': 'p1' }), send);
    expect([response.status, seen]).toEqual([200, ['p1', 'p1', 'p1']]);
  });

  it('gives up after a few tries with the 503', async () => {
    const { send, seen } = answers(...Array(10).fill(503));
    const response = await fetchAwaitingPosition(read({ 'Await-Position': 'p1' }), send);
    expect([response.status, seen.length]).toEqual([503, READ_YOUR_WRITES_TRIES]);
  });

  it('does not repeat a request that waits for nothing, nor other answers', async () => {
    const plain = answers(503);
    expect((await fetchAwaitingPosition(read({}), plain.send)).status).toBe(503);
    expect(plain.seen).toHaveLength(1);
    const refused = answers(404);
    expect((await fetchAwaitingPosition(read({ 'Await-Position': 'p1' }), refused.send)).status).toBe(404);
    expect(refused.seen).toHaveLength(1);
  });
});
