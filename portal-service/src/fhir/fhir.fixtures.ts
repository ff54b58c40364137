/**
 * A form that uses every field type and sensitivity tag, with answers that
 * carry canary strings, shared by the mapping and export tests.
 */
export const CLINIC_A = '00000000-0000-4000-8000-00000000000a';
export const PUBLIC_URL = 'https://patient.example.org';

export const INTAKE_DEFINITION = [
  { key: 'fullName', label: 'Full name', type: 'text', required: true, sensitivity: 'identity' },
  { key: 'email', label: 'Email', type: 'email', required: true, sensitivity: 'contact' },
  { key: 'phone', label: 'Phone', type: 'tel', sensitivity: 'contact' },
  { key: 'birthDate', label: 'Date of birth', type: 'date', sensitivity: 'identity' },
  { key: 'age', label: 'Age', type: 'text', sensitivity: 'clinical' },
  { key: 'visitDate', label: 'Preferred visit date', type: 'date' },
  { key: 'reason', label: 'Reason for visit', type: 'textarea', sensitivity: 'clinical', helpText: 'In your own words.' },
  { key: 'history', label: 'Medical history', type: 'textarea', sensitivity: 'clinical' },
  { key: 'visitType', label: 'Visit type', type: 'select', options: ['New patient', 'Follow-up'], sensitivity: 'clinical' },
  { key: 'smoker', label: 'Do you smoke?', type: 'radio', options: ['Yes', 'No'], sensitivity: 'clinical' },
  { key: 'symptoms', label: 'Symptoms', type: 'checkbox', options: ['Cough', 'Fever', 'Headache'], sensitivity: 'clinical' },
  { key: 'consent', label: 'I agree to the privacy notice', type: 'checkbox', required: true },
];

export const CANARY = {
  name: 'Zebulon Canaryfield',
  email: 'zebulon.canary@example.test',
  phone: '+1-555-0199-7731',
  birthDate: '1931-02-27',
  reason: 'CANARY-REASON sore throat since my trip to Quux',
  history: 'CANARY-HISTORY asthma diagnosed by Dr Qwerty',
};

export const INTAKE_ANSWERS = {
  fullName: CANARY.name,
  email: CANARY.email,
  phone: CANARY.phone,
  birthDate: CANARY.birthDate,
  age: '93',
  visitDate: '2026-03-17',
  reason: CANARY.reason,
  history: CANARY.history,
  visitType: 'Follow-up',
  smoker: 'No',
  symptoms: ['Cough', 'Fever'],
  consent: true,
};
