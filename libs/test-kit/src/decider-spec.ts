// Given/when/then for deciders (Emmett style), pure: no Nest, no store.
//   spec.given([opened]).when(allocate).then([assigned, completed])
// Each `when` builds a fresh context from the factory, so ids restart for every
// scenario and expected events can name them (`id-1`, `id-2`, ...).

export interface Decider<Command, Event, State, Context> {
  decide(command: Command, state: State, context: Context): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

type ErrorClass = abstract new (...args: never[]) => Error;

export interface Outcome<Event> {
  then(expected: Event[]): void;
  thenNothing(): void;
  thenThrows(errorClass: ErrorClass): void;
  /** For assertions on part of the result; returns the events for further checks. */
  thenEvents(): Event[];
}

export interface Given<Command, Event, Context> {
  when(command: Command, overrides?: Partial<Context>): Outcome<Event>;
}

export class DeciderSpecification<Command, Event, State, Context> {
  private constructor(
    private readonly decider: Decider<Command, Event, State, Context>,
    private readonly context: () => Context,
  ) {}

  static for<C, E, S, Ctx>(decider: Decider<C, E, S, Ctx>, context: () => Ctx): DeciderSpecification<C, E, S, Ctx> {
    return new DeciderSpecification(decider, context);
  }

  given(events: Event[]): Given<Command, Event, Context> {
    const state = events.reduce(this.decider.evolve, this.decider.initialState());
    return {
      when: (command, overrides) => {
        const run = () => this.decider.decide(command, state, { ...this.context(), ...overrides });
        return {
          then: (expected) => expect(run()).toEqual(expected),
          thenNothing: () => expect(run()).toEqual([]),
          thenThrows: (errorClass) => expect(run).toThrow(errorClass as unknown as new () => Error),
          thenEvents: () => run(),
        };
      },
    };
  }
}

/** `prefix-1`, `prefix-2`, ...: deterministic ids for expected events. */
export function sequentialIds(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}
