import { hostname } from 'node:os';
import { Client, ClientConfig } from 'pg';

/** Namespace for the two-key advisory lock so ours never collide with anyone else's. */
export const PROJECTION_LOCK_NAMESPACE = 7_120_531;
const LOCK_NAMESPACE = PROJECTION_LOCK_NAMESPACE;

/**
 * The lock session's application_name names the process (host and pid), so an operator (or
 * the failover test) sees, in pg_locks joined to pg_stat_activity, which worker owns which projection.
 * PostgreSQL keeps at most 63 characters of it.
 */
export function projectionLockSessionName(host = hostname(), pid = process.pid): string {
  // The pid first, so a long host name is what gets cut.
  return `iln-projection-locks ${pid} ${host.replace(/[^\x21-\x7e]/g, '?')}`.slice(0, 63);
}

/**
 * One dedicated connection holding the advisory locks of the projections this process
 * owns. PostgreSQL releases them when the session ends, so a worker that dies hands
 * its projections to the next one that asks; `signal` aborts when the session is lost
 * so this process stops writing as soon as it may no longer be the owner.
 */
export class AdvisoryLockSession {
  private client: Client | null = null;
  private controller = new AbortController();
  private connecting: Promise<Client> | null = null;
  /** One statement at a time on the shared session (pg queues them, but deprecates relying on it). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: ClientConfig) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  async tryLock(name: string): Promise<{ acquired: boolean; signal: AbortSignal }> {
    const client = await this.connect();
    const signal = this.controller.signal;
    const { rows } = await this.serial(() => client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok`, [LOCK_NAMESPACE, name]));
    return { acquired: rows[0].ok, signal };
  }

  async unlock(name: string): Promise<void> {
    const client = this.client;
    if (!client) return;
    await this.serial(() => client.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [LOCK_NAMESPACE, name])).catch(() => undefined);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.controller.abort();
    await client?.end().catch(() => undefined);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private connect(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new Client({ ...this.config, application_name: projectionLockSessionName() });
      const lost = () => {
        if (this.client !== client) return;
        this.client = null;
        this.controller.abort();
        this.controller = new AbortController();
        client.end().catch(() => undefined);
      };
      client.on('error', lost);
      client.on('end', lost);
      await client.connect();
      this.client = client;
      return client;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }
}
