import { fieldErrors } from './errors';

describe('problem+json to the GOV.UK error summary', () => {
  it('links each field error to its field, in the service’s words when it has them', () => {
    const { list, byField } = fieldErrors(
      {
        status: 400,
        title: 'Invalid request',
        errors: [
          { field: 'resident.familyName', message: 'familyName should not be empty' },
          { field: 'resident.familyName', message: 'familyName must be a string' },
          { field: 'reason', message: 'reason should not be empty' },
          { field: 'somethingElse', message: 'unknown' },
        ],
      },
      (f) => ({ 'resident.familyName': 'familyName', reason: 'reason' })[f] ?? null,
      'givenName',
      { familyName: 'Enter their family name' },
    );
    expect(list).toEqual([
      { text: 'Enter their family name', href: '#familyName' },
      { text: 'Reason should not be empty', href: '#reason' },
      { text: 'Unknown', href: '#givenName' },
    ]);
    expect(byField).toEqual({ familyName: 'Enter their family name', reason: 'Reason should not be empty' });
  });

  it('shows a conflict’s detail when there are no field errors', () => {
    expect(fieldErrors({ status: 409, title: 'Case closed', detail: 'the case is closed.' }, () => null, 'x').list).toEqual([{ text: 'The case is closed.', href: '#x' }]);
  });
});
