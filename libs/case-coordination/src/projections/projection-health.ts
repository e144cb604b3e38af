import type { EventStore } from '@iln/event-store';
import type { SqlRunner } from './projection';
import { isHealthy, measureLag, ProjectionLag } from './projection-monitor';

interface HealthRegistryLike {
  register(name: string, check: () => Promise<{ status: 'up' | 'down'; detail?: Record<string, unknown> }>): void;
}
interface GaugeLike {
  set(labels: { projection: string }, value: number): void;
}

const REFRESH_MS = 5000;

/**
 * Publishes projection lag (events and seconds) as gauges and a `projections` readiness
 * check, from the stored checkpoints, so the API and the worker report the same thing.
 */
export class ProjectionLagReporter {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: SqlRunner,
    private readonly store: EventStore,
    private readonly projections: readonly string[],
    private readonly gauges: { events: GaugeLike; seconds: GaugeLike },
  ) {}

  register(health: HealthRegistryLike): void {
    health.register('projections', async () => {
      const lags = await this.refresh();
      const unhealthy = lags.filter((l) => !isHealthy(l));
      return {
        status: unhealthy.length === 0 ? 'up' : 'down',
        detail: Object.fromEntries(
          lags.map((l) => [l.projection, { lagEvents: l.lagEvents, lagSeconds: Math.round(l.lagSeconds), ...(l.failing ? { failing: l.failing } : {}) }]),
        ),
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
    }
    return lags;
  }
}
