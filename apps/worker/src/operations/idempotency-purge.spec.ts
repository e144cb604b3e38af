import { PeriodicTask } from './idempotency-purge';

describe('PeriodicTask (the purge schedule)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs at start and then every interval', async () => {
    const run = jest.fn(() => Promise.resolve());
    const task = new PeriodicTask(run, 1000);
    task.start();
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(999);
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(3000);
    expect(run).toHaveBeenCalledTimes(5);
    await task.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(5);
  });

  it('never overlaps runs: a slow run makes the next tick skip', async () => {
    let finish!: () => void;
    const run = jest.fn(() => new Promise<void>((r) => (finish = r)));
    const task = new PeriodicTask(run, 1000);
    task.start();
    await jest.advanceTimersByTimeAsync(2500);
    expect(run).toHaveBeenCalledTimes(1);
    finish();
    await jest.advanceTimersByTimeAsync(500);
    expect(run).toHaveBeenCalledTimes(2);
    finish();
    await task.stop();
  });
});
