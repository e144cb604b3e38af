import type { DecisionContext } from '../context';
import type { CaseEvent } from '../events';
import { evolve } from '../evolve';
import type { CaseState } from '../state';

/**
 * Collects the events of one decision and folds each as it is emitted, so later
 * steps of the same decision see earlier ones (a follow-up completed above is not
 * cancelled again below).
 */
export class Decision {
  readonly events: CaseEvent[] = [];
  constructor(
    public state: CaseState,
    readonly ctx: DecisionContext,
  ) {}

  emit(...events: CaseEvent[]): this {
    for (const e of events) {
      this.state = evolve(this.state, e);
      this.events.push(e);
    }
    return this;
  }

  get now(): string {
    return this.ctx.now.toISOString();
  }

  /** The case's locality; only called once the case exists. */
  get localityId(): string {
    return this.state.localityId ?? '';
  }
}
