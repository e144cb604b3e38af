import type { RecordedEvent } from '../event-store';

/**
 * Turns the data of one schema version into the data of the next one. The old shape has
 * no type in today's code (that is the point of upcasting), so each upcaster reads it
 * loosely.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Upcaster = (data: any, event: RecordedEvent) => unknown;

/**
 * Stored events are never rewritten (a stored `type` and shape is a contract), so old
 * shapes are lifted to the current one as they are read, one version step at a time.
 * Every adapter runs this at its read boundary, so domain code only sees current shapes.
 */
export class UpcasterRegistry {
  private readonly steps = new Map<string, Upcaster>();

  register(type: string, fromSchemaVersion: number, upcast: Upcaster): this {
    const key = UpcasterRegistry.key(type, fromSchemaVersion);
    if (this.steps.has(key)) throw new Error(`an upcaster for ${type} v${fromSchemaVersion} is already registered`);
    this.steps.set(key, upcast);
    return this;
  }

  upcast<T extends RecordedEvent>(event: T): T {
    let current = event;
    // Events stored before schema versions were recorded are version 1 by definition.
    let version = typeof current.metadata.schemaVersion === 'number' ? current.metadata.schemaVersion : 1;
    for (let step = this.steps.get(UpcasterRegistry.key(current.type, version)); step; ) {
      version += 1;
      current = { ...current, data: step(current.data, current), metadata: { ...current.metadata, schemaVersion: version } };
      step = this.steps.get(UpcasterRegistry.key(current.type, version));
    }
    return current;
  }

  private static key(type: string, schemaVersion: number): string {
    return `${type}@${schemaVersion}`;
  }
}

export const noUpcasters = new UpcasterRegistry();
