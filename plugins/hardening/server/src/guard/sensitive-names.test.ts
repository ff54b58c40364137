import { sensitiveWordIn } from './sensitive-names';

describe('sensitiveWordIn', () => {
  it.each([
    ['ssn', 'ssn'],
    ['patientSSN', 'patient'],
    ['dob', 'dob'],
    ['dateOfBirth', 'birth'],
    ['birthdate', 'birthdate'],
    ['primaryDiagnosis', 'diagnosis'],
    ['diagnoses', 'diagnoses'],
    ['current_medications', 'medications'],
    ['insuranceNumber', 'insurance'],
    ['mrn', 'mrn'],
    ['knownAllergies', 'allergies'],
    ['allergy', 'allergy'],
    ['condition', 'condition'],
    ['symptoms', 'symptoms'],
    ['patient_name', 'patient'],
    ['acceptingNewPatients', 'patients'],
  ])('flags %s (on "%s")', (name, word) => {
    expect(sensitiveWordIn(name)).toBe(word);
  });

  it.each(['title', 'slug', 'bio', 'specialties', 'address', 'openingHours', 'question', 'answer', 'retentionDays', 'sensitivity', 'helpText', 'clinicCode', 'missionStatement', 'sinkModel'])(
    'leaves %s alone',
    (name) => {
      expect(sensitiveWordIn(name)).toBeUndefined();
    },
  );
});
