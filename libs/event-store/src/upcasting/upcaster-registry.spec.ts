import type { RecordedEvent } from '../event-store';
import { UpcasterRegistry } from './upcaster-registry';

const stored = (type: string, schemaVersion: number, data: unknown): RecordedEvent => ({
  eventId: '00000000-0000-4000-8000-000000000001',
  type,
  data,
  metadata: { correlationId: 'c', causationId: null, actor: { id: 'u1', name: 'Ada' }, schemaVersion },
  streamId: 'case-1',
  version: 1,
  position: '1',
  recordedAt: new Date('2026-01-01T00:00:00.000Z'),
});

describe('UpcasterRegistry', () => {
  const registry = new UpcasterRegistry()
    .register('CaseOpened', 1, (d: { name: string }) => ({ residentName: d.name }))
    .register('CaseOpened', 2, (d: { residentName: string }) => ({ ...d, urgency: 'routine' }));

  it('lifts an old event through every step to the current schema version', () => {
    const up = registry.upcast(stored('CaseOpened', 1, { name: 'Mo' }));
    expect(up.data).toEqual({ residentName: 'Mo', urgency: 'routine' });
    expect(up.metadata.schemaVersion).toBe(3);
  });

  it('starts part way when the event is already at a later version', () => {
    expect(registry.upcast(stored('CaseOpened', 2, { residentName: 'Mo' })).data).toEqual({
      residentName: 'Mo',
      urgency: 'routine',
    });
  });

  it('leaves current and unknown events untouched, keeping identity', () => {
    const current = stored('CaseOpened', 3, { residentName: 'Mo', urgency: 'urgent' });
    expect(registry.upcast(current)).toBe(current);
    const other = stored('CoordinatorAssigned', 1, { x: 1 });
    expect(registry.upcast(other)).toBe(other);
  });

  it('treats an event without a schema version as version 1', () => {
    const legacy = stored('CaseOpened', 1, { name: 'Mo' });
    delete (legacy.metadata as Partial<RecordedEvent['metadata']>).schemaVersion;
    expect(registry.upcast(legacy).metadata.schemaVersion).toBe(3);
  });

  it('refuses two upcasters for the same step', () => {
    expect(() => registry.register('CaseOpened', 1, (d) => d)).toThrow(/already registered/);
  });
});
