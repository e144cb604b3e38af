import { projectionStatus, type ProjectionLag } from './projection-monitor';

const caughtUp: ProjectionLag = {
  projection: 'case-list',
  position: '1',
  lagEvents: 0,
  lagSeconds: 0,
  idleSeconds: 5,
  failing: null,
  failingSince: null,
  failingSeconds: 0,
};

describe('projection readiness', () => {
  it('is up when caught up, or far behind but moving (a deploy onto a big log)', () => {
    expect(projectionStatus(caughtUp)).toBe('up');
    expect(projectionStatus({ ...caughtUp, lagEvents: 1000, lagSeconds: 3600, idleSeconds: 1 })).toBe('up');
  });

  it('is degraded from the first recorded failure, however long it lasts and however far behind', () => {
    const failing = { ...caughtUp, failing: 'TypeError applying NoteAdded at 9', failingSince: new Date(), failingSeconds: 0 };
    expect(projectionStatus(failing)).toBe('degraded');
    expect(projectionStatus({ ...failing, failingSeconds: 86_400, lagEvents: 1000, lagSeconds: 86_400, idleSeconds: 86_400 })).toBe('degraded');
  });

  it('is down when behind and not moving with no error recorded (nobody owns it)', () => {
    expect(projectionStatus({ ...caughtUp, lagEvents: 5, lagSeconds: 121, idleSeconds: 61 })).toBe('down');
    expect(projectionStatus({ ...caughtUp, lagEvents: 5, lagSeconds: 119, idleSeconds: 600 })).toBe('up');
  });
});
