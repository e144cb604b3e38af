import { foldRows } from '../../projections/row-projection';
import { fullHistory, recorded } from '../read-model.fixtures';
import { specialistInputsSpec } from './specialist-inputs.projection';

describe('specialist inputs projection', () => {
  it('tracks each input from request to answer', () => {
    const events = recorded(fullHistory());
    const [row] = foldRows(specialistInputsSpec, events);
    expect(row).toMatchObject({ serviceId: 'falls', mode: 'brokered', urgency: 'urgent', status: 'requested', respondedAt: null });
    const inputId = row.inputId;
    const accepted = { ...events[0], type: 'SpecialistInputAccepted', data: { inputId, serviceId: 'falls', byName: 'Fay', acceptedAt: '2026-11-24T09:00:00.000Z' }, version: events.length + 1 };
    const [after] = foldRows(specialistInputsSpec, [...events, accepted]);
    expect(after).toMatchObject({ status: 'accepted', respondedAt: '2026-11-24T09:00:00.000Z', acceptedBy: 'Fay' });
  });
});
