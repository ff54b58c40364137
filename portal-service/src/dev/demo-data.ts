import type { Role } from '../access/roles';

/**
 * What a development first run creates. The form copies, as data, the CMS demo
 * form `new-patient-intake` (cms/src/seed/demo-content.ts `demoSecureForm`):
 * the portal never imports CMS code, and its registry (not the CMS) decides
 * which clinic a form's answers belong to. Options are one array entry each
 * here where the CMS stores them one per line.
 */
export const DEV_CLINICS = [
  { code: 'riverside', name: 'Riverside Family Clinic' },
  { code: 'hillcrest', name: 'Hillcrest Clinic' },
] as const;

export const DEV_FORM = {
  slug: 'new-patient-intake',
  clinic: 'riverside',
  title: 'New patient intake',
  retentionDays: 365,
  definition: [
    { key: 'fullName', label: 'Full name', type: 'text', required: true, sensitivity: 'identity' },
    { key: 'dateOfBirth', label: 'Date of birth', type: 'date', required: true, sensitivity: 'identity' },
    { key: 'email', label: 'Email', type: 'email', required: true, sensitivity: 'contact', helpText: 'We use it only to contact you about your visit.' },
    { key: 'phone', label: 'Phone', type: 'tel', required: false, sensitivity: 'contact' },
    { key: 'preferredLocation', label: 'Preferred clinic', type: 'select', required: true, options: ['Riverside Family Clinic', 'Hillcrest Clinic'], sensitivity: 'contact' },
    { key: 'reasonForVisit', label: 'Reason for your visit', type: 'textarea', required: true, sensitivity: 'clinical' },
    { key: 'currentMedications', label: 'Medicines you take', type: 'textarea', required: false, sensitivity: 'clinical' },
    { key: 'contactConsent', label: 'You may leave a message on my phone', type: 'checkbox', required: false, sensitivity: 'contact' },
  ],
} as const;

export interface DevAccountSpec {
  /** Short handle used in dev-staff.json and the docs. */
  handle: string;
  email: string;
  name: string;
  roles: readonly { role: Role; clinic: string | null }[];
}

export const DEV_ACCOUNTS: readonly DevAccountSpec[] = [
  { handle: 'admin', email: 'admin@palisade.example', name: 'Ada Admin', roles: [{ role: 'admin', clinic: null }] },
  { handle: 'clinician@riverside', email: 'clinician@riverside.example', name: 'Dr. Rita Rivers', roles: [{ role: 'clinician', clinic: 'riverside' }] },
  { handle: 'frontdesk@riverside', email: 'frontdesk@riverside.example', name: 'Frank Desk', roles: [{ role: 'front-desk', clinic: 'riverside' }] },
  { handle: 'clinician@hillcrest', email: 'clinician@hillcrest.example', name: 'Dr. Hugo Hill', roles: [{ role: 'clinician', clinic: 'hillcrest' }] },
  { handle: 'auditor', email: 'auditor@palisade.example', name: 'Audrey Auditor', roles: [{ role: 'auditor', clinic: null }] },
];
