/**
 * `degraded`: working, but part of what it serves is stale or failing (a projection stuck
 * on one event). The process stays ready, since taking it out of service would not fix it
 * and would stop everything else it does; the body says what is wrong.
 */
export interface HealthCheckResult {
  status: 'up' | 'degraded' | 'down';
  detail?: Record<string, unknown>;
}

export type ReadinessStatus = 'ready' | 'degraded' | 'not-ready';

export type HealthCheck = () => Promise<HealthCheckResult>;

/** Components register what readiness depends on; /health/ready runs them all. */
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async run(timeoutMs = 2000): Promise<{ ready: boolean; status: ReadinessStatus; checks: Record<string, HealthCheckResult> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<HealthCheckResult>((resolve) => {
          timer = setTimeout(() => resolve({ status: 'down', detail: { error: 'timed out' } }), timeoutMs);
        });
        try {
          const result = await Promise.race([check(), timeout]);
          return [name, result] as const;
        } catch (e) {
          // The error's class only: driver messages can carry connection strings.
          const error = e instanceof Error ? (e as NodeJS.ErrnoException).code ?? e.name : 'error';
          return [name, { status: 'down', detail: { error } } as HealthCheckResult] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    const ready = entries.every(([, r]) => r.status !== 'down');
    const status: ReadinessStatus = !ready ? 'not-ready' : entries.some(([, r]) => r.status === 'degraded') ? 'degraded' : 'ready';
    return { ready, status, checks };
  }
}
