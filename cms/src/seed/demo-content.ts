/** A small, realistic demo clinic. Invented people and places; no real data. */

export const demoLocations = [
  {
    key: 'riverside',
    name: 'Riverside Family Clinic',
    address: '120 River Street\nSpringfield, OR 97477',
    phone: '+1 541 555 0120',
    openingHours: 'Mon–Fri 8:00–18:00\nSat 9:00–13:00',
    latitude: 44.0462,
    longitude: -123.022,
  },
  {
    key: 'hillcrest',
    name: 'Hillcrest Clinic',
    address: '45 Hillcrest Avenue\nSpringfield, OR 97478',
    phone: '+1 541 555 0145',
    openingHours: 'Mon–Thu 9:00–17:00',
    latitude: 44.0521,
    longitude: -122.981,
  },
];

export const demoProviders = [
  {
    key: 'okafor',
    name: 'Dr. Amara Okafor',
    credentials: 'MD, Family Medicine',
    specialties: ['Family medicine', "Women's health"],
    bio: 'Dr. Okafor has cared for families in Springfield for twelve years. She speaks English and Igbo.',
    acceptingNewPatients: true,
    locations: ['riverside'],
  },
  {
    key: 'lindqvist',
    name: 'Dr. Erik Lindqvist',
    credentials: 'DO, Internal Medicine',
    specialties: ['Internal medicine', 'Diabetes care'],
    bio: 'Dr. Lindqvist focuses on long-term conditions and prevention.',
    acceptingNewPatients: false,
    locations: ['riverside', 'hillcrest'],
  },
  {
    key: 'reyes',
    name: 'Marisol Reyes',
    credentials: 'PA-C',
    specialties: ['Urgent care', 'Sports injuries'],
    bio: 'Marisol sees same-day appointments at Hillcrest.',
    acceptingNewPatients: true,
    locations: ['hillcrest'],
  },
];

export const demoServicePages = [
  {
    title: 'Primary care',
    summary: 'Check-ups, prevention and care for everyday health concerns, for the whole family.',
    body: '## What to expect\n\nYour first visit lasts about 45 minutes. Bring a list of the medicines you take.\n\n## Booking\n\nCall us or fill in the new patient form online.',
    seoTitle: 'Primary care in Springfield',
    seoDescription: 'Family doctors accepting new patients at Riverside Family Clinic.',
    providers: ['okafor', 'lindqvist'],
    locations: ['riverside'],
  },
  {
    title: 'Diabetes care',
    summary: 'Support to manage diabetes: tests, education and a plan that fits your life.',
    body: 'Our team works with you on blood sugar, diet and activity, with regular reviews.',
    seoTitle: 'Diabetes care',
    seoDescription: 'Diabetes education and management in Springfield.',
    providers: ['lindqvist'],
    locations: ['riverside', 'hillcrest'],
  },
  {
    title: 'Same-day care',
    summary: 'Minor injuries and illnesses seen the same day at Hillcrest.',
    body: 'Walk in before 15:00 on weekdays. For emergencies call 911.',
    seoTitle: 'Same-day care',
    seoDescription: 'Same-day appointments for minor injuries and illnesses.',
    providers: ['reyes'],
    locations: ['hillcrest'],
  },
];

export const demoArticles = [
  {
    title: 'Preparing for your first visit',
    body: 'Write down your questions, bring your insurance card and a list of your medicines, and arrive ten minutes early.',
    medicallyReviewedBy: 'Dr. Amara Okafor, MD',
    reviewDate: '2026-09-15',
  },
  {
    title: 'Understanding your blood pressure numbers',
    body: 'Blood pressure is written as two numbers. The first is the pressure when your heart beats; the second, between beats.',
    medicallyReviewedBy: 'Dr. Erik Lindqvist, DO',
    reviewDate: '2026-10-02',
  },
];

export const demoFaqs = [
  { question: 'Are you accepting new patients?', answer: 'Yes. Fill in the secure new patient form and we will call you within two working days.', category: 'Appointments' },
  { question: 'Is the online form secure?', answer: 'Your answers are encrypted in your browser before they are sent. Only our clinical team can read them.', category: 'Privacy' },
  { question: 'Where can I park?', answer: 'Both clinics have free parking behind the building.', category: 'Visiting' },
  { question: 'What should I do in an emergency?', answer: 'Call 911. Do not use the online forms for emergencies.', category: 'Appointments' },
];

export const demoSecureForm = {
  title: 'New patient intake',
  slug: 'new-patient-intake',
  description: 'Tell us about yourself before your first visit. Your answers are encrypted in your browser; only our clinical team can read them.',
  clinicCode: 'riverside',
  retentionDays: 365,
  fields: [
    { key: 'fullName', label: 'Full name', type: 'text', required: true, sensitivity: 'identity' },
    { key: 'dateOfBirth', label: 'Date of birth', type: 'date', required: true, sensitivity: 'identity' },
    { key: 'email', label: 'Email', type: 'email', required: true, sensitivity: 'contact', helpText: 'We use it only to contact you about your visit.' },
    { key: 'phone', label: 'Phone', type: 'tel', required: false, sensitivity: 'contact' },
    { key: 'preferredLocation', label: 'Preferred clinic', type: 'select', required: true, options: 'Riverside Family Clinic\nHillcrest Clinic', sensitivity: 'contact' },
    { key: 'reasonForVisit', label: 'Reason for your visit', type: 'textarea', required: true, sensitivity: 'clinical' },
    { key: 'currentMedications', label: 'Medicines you take', type: 'textarea', required: false, sensitivity: 'clinical' },
    { key: 'contactConsent', label: 'You may leave a message on my phone', type: 'checkbox', required: false, sensitivity: 'contact' },
  ],
};
