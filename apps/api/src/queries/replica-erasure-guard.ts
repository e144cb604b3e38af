import { Injectable } from '@nestjs/common';
import { CaseDisposal } from '@iln/case-coordination';
import { caseErasedProblem } from '../cases/case-errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * With DATABASE_READ_URL, an answer read on the replica is checked against the PRIMARY's
 * erasures after it is read: a case erased on the primary (its key destroyed there) may
 * still have its read-model rows on a replica that has not replayed the erasure yet. So
 * a route about that case answers 410 `case-erased`, and every list, board, register or
 * worklist drops its items (`total` counted down with them). One indexed lookup on the
 * primary per answer that names a case; answers that name none (the dashboard) pay nothing.
 */
@Injectable()
export class ReplicaErasureGuard {
  constructor(private readonly disposal: CaseDisposal) {}

  async check<T>(body: T, routeCaseId: string | undefined): Promise<T> {
    const ids = new Set<string>();
    collectCaseIds(body, ids);
    if (routeCaseId && UUID.test(routeCaseId)) ids.add(routeCaseId);
    if (ids.size === 0) return body;
    const erased = await this.disposal.erasedAmong([...ids]);
    if (erased.size === 0) return body;
    if (routeCaseId && erased.has(routeCaseId)) throw caseErasedProblem(routeCaseId, erased.get(routeCaseId)!);
    return withoutErased(body, erased) as T;
  }
}

function collectCaseIds(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectCaseIds(v, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'caseId' && typeof v === 'string' && UUID.test(v)) into.add(v);
      else collectCaseIds(v, into);
    }
  }
}

const isErasedItem = (v: unknown, erased: ReadonlyMap<string, string>): boolean =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && erased.has((v as { caseId?: unknown }).caseId as string);

/** The same shape without any array element about an erased case; a page's `total` counts them off. */
export function withoutErased(value: unknown, erased: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) {
    return value.filter((v) => !isErasedItem(v, erased)).map((v) => withoutErased(v, erased));
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) out[k] = withoutErased(v, erased);
  const { items, total } = value as { items?: unknown; total?: unknown };
  if (Array.isArray(items) && typeof total === 'number') {
    out.total = Math.max(0, total - (items.length - (out.items as unknown[]).length));
  }
  return out;
}
