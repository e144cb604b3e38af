import type { Pool } from 'pg';

export type AccessKind = 'read' | 'command';

/** One access to one case. Ids, roles and route templates only: never case content. */
export interface AccessAuditEntry {
  /** Null when the request proved no identity (no token, or a bad one). */
  principalId: string | null;
  roles: string[];
  organisation: string | null;
  caseId: string | null;
  kind: AccessKind;
  /** `METHOD /route/:template`: what was done, without the ids or the query string. */
  action: string;
  /** The HTTP status the caller got. */
  outcome: number;
  requestId: string | null;
}

export interface AccessAuditRecord extends AccessAuditEntry {
  auditId: string;
  occurredAt: string;
}

export interface AccessAuditFilter {
  caseId?: string;
  userId?: string;
  from?: Date;
  to?: Date;
}

/** The append-only access audit (table `audit.access_audit`). */
export abstract class AccessAuditLog {
  abstract record(entries: AccessAuditEntry[]): Promise<void>;
  abstract search(filter: AccessAuditFilter, page: { offset: number; limit: number }): Promise<{ items: AccessAuditRecord[]; total: number }>;
}

interface Row {
  audit_id: string;
  occurred_at: Date;
  principal_id: string | null;
  roles: string[];
  organisation: string | null;
  case_id: string | null;
  kind: AccessKind;
  action: string;
  outcome: number;
  request_id: string | null;
  total: string;
}

/** Rows in one INSERT at most; more waiting go in the next one. */
export const AUDIT_BATCH_MAX_ROWS = 1_000;

interface Waiting {
  entries: AccessAuditEntry[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: `record` resolves once its rows are committed, so a response sent after
 * it has its audit row stored (durable before the caller hears anything). While one
 * INSERT is in flight, rows from other requests wait and go together in the next one,
 * so under load many requests share a round trip and a commit; alone, a request's rows
 * are written at once (no timer, no added wait). If a shared INSERT fails, each
 * request's rows are tried again on their own, so one request's failure is never
 * another's. A process that dies before the INSERT commits loses the rows of requests
 * it had not answered yet (as before: their events, if any, carry the actor).
 */
export class PostgresAccessAuditLog extends AccessAuditLog {
  private waiting: Waiting[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly pool: Pool) {
    super();
  }

  record(entries: AccessAuditEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ entries, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Resolves when every row recorded so far has been written (or has failed). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    // Let the requests finishing in this same turn of the event loop join the first INSERT.
    await Promise.resolve();
    try {
      while (this.waiting.length > 0) {
        const batch = this.take();
        try {
          await this.insert(batch.flatMap((w) => w.entries));
          for (const w of batch) w.resolve();
        } catch (e) {
          if (batch.length === 1) batch[0].reject(e);
          else await Promise.all(batch.map((w) => this.insert(w.entries).then(w.resolve, w.reject)));
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  private take(): Waiting[] {
    let rows = 0;
    let n = 0;
    while (n < this.waiting.length && (n === 0 || rows + this.waiting[n].entries.length <= AUDIT_BATCH_MAX_ROWS)) {
      rows += this.waiting[n].entries.length;
      n++;
    }
    return this.waiting.splice(0, n);
  }

  private async insert(entries: AccessAuditEntry[]): Promise<void> {
    // One statement for all the rows: all or none.
    await this.pool.query(
      `INSERT INTO audit.access_audit (principal_id, roles, organisation, case_id, kind, action, outcome, request_id)
       SELECT e.principal_id, ARRAY(SELECT jsonb_array_elements_text(e.roles)), e.organisation, e.case_id, e.kind, e.action, e.outcome, e.request_id
         FROM jsonb_to_recordset($1::jsonb) AS e(principal_id text, roles jsonb, organisation text, case_id text, kind text, action text, outcome smallint, request_id text)`,
      [
        JSON.stringify(
          entries.map((e) => ({
            principal_id: e.principalId,
            roles: e.roles,
            organisation: e.organisation,
            case_id: e.caseId,
            kind: e.kind,
            action: e.action,
            outcome: e.outcome,
            request_id: e.requestId,
          })),
        ),
      ],
    );
  }

  async search(filter: AccessAuditFilter, page: { offset: number; limit: number }): Promise<{ items: AccessAuditRecord[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.caseId) add('case_id = ?', filter.caseId);
    if (filter.userId) add('principal_id = ?', filter.userId);
    if (filter.from) add('occurred_at >= ?', filter.from);
    if (filter.to) add('occurred_at < ?', filter.to);
    params.push(page.limit, page.offset);
    const { rows } = await this.pool.query<Row>(
      `SELECT *, count(*) OVER () AS total FROM audit.access_audit
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY occurred_at DESC, audit_id DESC
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && page.offset > 0) {
      const counted = await this.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM audit.access_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
        params.slice(0, -2),
      );
      total = Number(counted.rows[0].n);
    }
    return {
      total,
      items: rows.map((r) => ({
        auditId: String(r.audit_id),
        occurredAt: r.occurred_at.toISOString(),
        principalId: r.principal_id,
        roles: r.roles,
        organisation: r.organisation,
        caseId: r.case_id,
        kind: r.kind,
        action: r.action,
        outcome: r.outcome,
        requestId: r.request_id,
      })),
    };
  }
}
