import type { EventStore } from '@iln/event-store';
import type { SqlRunner } from './projection';
import { measureLag, ProjectionLag, projectionStatus } from './projection-monitor';

interface HealthRegistryLike {
  register(name: string, check: () => Promise<{ status: 'up' | 'degraded' | 'down'; detail?: Record<string, unknown> }>): void;
}
interface GaugeLike {
  set(labels: { projection: string }, value: number): void;
}

const REFRESH_MS = 5000;

/**
 * Publishes projection lag (events and seconds) and whether each is failing as gauges,
 * and a `projections` readiness check naming a failing projection, its error and since
 * when; all from the stored checkpoints, so the API and the worker report the same thing.
 */
export class ProjectionLagReporter {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: SqlRunner,
    private readonly store: EventStore,
    private readonly projections: readonly string[],
    private readonly gauges: { events: GaugeLike; seconds: GaugeLike; failing: GaugeLike },
  ) {}

  register(health: HealthRegistryLike): void {
    health.register('projections', async () => {
      const lags = await this.refresh();
      const statuses = lags.map(projectionStatus);
      return {
        status: statuses.includes('down') ? 'down' : statuses.includes('degraded') ? 'degraded' : 'up',
        detail: Object.fromEntries(lags.map((l, i) => [l.projection, describe(l, statuses[i])])),
      };
    });
  }

  start(): void {
    const tick = () => void this.refresh().catch(() => undefined);
    this.timer = setInterval(tick, REFRESH_MS);
    this.timer.unref();
    tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async refresh(): Promise<ProjectionLag[]> {
    const lags = await measureLag(this.db, this.store, this.projections);
    for (const l of lags) {
      this.gauges.events.set({ projection: l.projection }, l.lagEvents);
      this.gauges.seconds.set({ projection: l.projection }, l.lagSeconds);
      this.gauges.failing.set({ projection: l.projection }, l.failing ? 1 : 0);
    }
    return lags;
  }
}

function describe(l: ProjectionLag, status: string): Record<string, unknown> {
  const lag = { status, lagEvents: l.lagEvents, lagSeconds: Math.round(l.lagSeconds) };
  if (!l.failing || !l.failingSince) return lag;
  return { ...lag, failing: l.failing, failingSince: l.failingSince.toISOString(), failingSeconds: Math.round(l.failingSeconds) };
}
