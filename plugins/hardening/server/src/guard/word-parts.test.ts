import { wordParts } from './word-parts';

describe('wordParts', () => {
  it.each([
    ['acceptingNewPatients', ['accepting', 'new', 'patients']],
    ['dateOfBirth', ['date', 'of', 'birth']],
    ['patient_id', ['patient', 'id']],
    ['patientSSN', ['patient', 'ssn']],
    ['DOB', ['dob']],
    ['MRNNumber', ['mrn', 'number']],
    ['insurance-provider', ['insurance', 'provider']],
    ['address2', ['address', '2']],
  ])('%s → %j', (name, parts) => {
    expect(wordParts(name)).toEqual(parts);
  });
});
