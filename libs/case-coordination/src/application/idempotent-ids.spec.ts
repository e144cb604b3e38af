import { idempotentCaseId, idempotentEventId } from './idempotent-ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ids derived from an idempotency token', () => {
  it('are UUIDs (version 8) the event stores accept, the same for the same token and index', () => {
    expect(idempotentEventId('t1', 0)).toMatch(UUID);
    expect(idempotentCaseId('t1')).toMatch(UUID);
    expect(idempotentEventId('t1', 3)).toBe(idempotentEventId('t1', 3));
    expect(idempotentCaseId('t1')).toBe(idempotentCaseId('t1'));
  });

  it('differ by token, by index, and between a case id and an event id', () => {
    const ids = [
      idempotentEventId('t1', 0),
      idempotentEventId('t1', 1),
      idempotentEventId('t2', 0),
      idempotentCaseId('t1'),
      idempotentCaseId('t2'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
