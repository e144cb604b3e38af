import { AppendNotifier } from './append-notifier';

// A pool whose NOTIFYs are recorded with the time they were sent and answered at once.
function fakePool() {
  const sent: number[] = [];
  return { sent, pool: { query: async () => (sent.push(Date.now()), { rows: [] }) } as never };
}

describe('AppendNotifier', () => {
  it('sends at once after a quiet spell', async () => {
    const { sent, pool } = fakePool();
    const notifier = new AppendNotifier(pool, 50);
    notifier.request();
    await notifier.close();
    expect(sent).toHaveLength(1);
  });

  it('answers a burst of appends with one NOTIFY now and one after the interval, never one per append', async () => {
    const { sent, pool } = fakePool();
    const notifier = new AppendNotifier(pool, 30);
    notifier.request();
    for (let i = 0; i < 100; i++) notifier.request();
    await (notifier as unknown as { inFlight: Promise<void> }).inFlight;
    expect(sent).toHaveLength(2);
    // The second NOTIFY comes after the appends that asked for it, and not before the interval.
    expect(sent[1] - sent[0]).toBeGreaterThanOrEqual(29);
    await notifier.close();
  });

  it('sends one more for an append that finishes while the last NOTIFY is in flight', async () => {
    const { sent, pool } = fakePool();
    const notifier = new AppendNotifier(pool, 0);
    notifier.request();
    await Promise.resolve();
    notifier.request();
    await (notifier as unknown as { inFlight: Promise<void> }).inFlight;
    expect(sent).toHaveLength(2);
  });
});
