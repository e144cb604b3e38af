import { Metrics } from './metrics';

describe('Metrics: in-process cache sizes', () => {
  it('reads each watched cache size at every scrape', async () => {
    const metrics = new Metrics('test');
    let keys = 3;
    metrics.watchCache('case_keys', () => keys);
    metrics.watchCache('verified_tokens', () => 0);
    expect(await metrics.scrape()).toMatch(/^in_process_cache_entries\{cache="case_keys",app="test"\} 3$/m);
    keys = 20_000;
    const text = await metrics.scrape();
    expect(text).toMatch(/^in_process_cache_entries\{cache="case_keys",app="test"\} 20000$/m);
    expect(text).toMatch(/^in_process_cache_entries\{cache="verified_tokens",app="test"\} 0$/m);
  });
});
