import { history, iso, NOW, openCase, spec } from '../case-spec.fixtures';
import type { CaseCommand } from '../commands';
import { CaseClosed, CaseNotFound, NothingToCorrect } from '../errors';

const correct = (data: Record<string, string>): CaseCommand => ({ type: 'CorrectResidentDetails', data: { reason: 'Misspelt at the front door', ...data } });
const opened = history(openCase); // resident: Test Resident, born 1940-01-01

describe("correcting the resident's details", () => {
  it('records the whole corrected record, the fields changed and why', () => {
    spec.given(opened).when(correct({ familyName: 'Residant', nhsNumber: '9434765919' })).then([
      {
        type: 'ResidentDetailsCorrected',
        data: {
          resident: { givenName: 'Test', familyName: 'Residant', dateOfBirth: '1940-01-01', nhsNumber: '9434765919' },
          corrected: ['familyName', 'nhsNumber'],
          reason: 'Misspelt at the front door',
          correctedAt: iso(NOW),
        },
      },
    ]);
  });

  it('builds on an earlier correction', () => {
    const given = history(openCase, correct({ familyName: 'Residant' }));
    const [event] = spec.given(given).when(correct({ dateOfBirth: '1941-02-03' })).thenEvents();
    expect(event).toMatchObject({ data: { resident: { familyName: 'Residant', dateOfBirth: '1941-02-03' }, corrected: ['dateOfBirth'] } });
  });

  it('records nothing when every detail given already has that value (a retried correction)', () => {
    spec.given(opened).when(correct({ givenName: 'Test', dateOfBirth: '1940-01-01' })).thenNothing();
  });

  it('refuses a correction naming no detail', () => {
    spec.given(opened).when(correct({})).thenThrows(NothingToCorrect);
  });

  it('refuses on a closed case, and for a case that does not exist', () => {
    const closed = history(openCase, { type: 'CloseCase', data: { reason: 'r', outcomeSummary: 'o' } });
    spec.given(closed).when(correct({ familyName: 'Residant' })).thenThrows(CaseClosed);
    spec.given([]).when(correct({ familyName: 'Residant' })).thenThrows(CaseNotFound);
  });
});
