import type { AnswerValue } from '@palisade/protocol/browser';
import type { FieldDefinition, FormDefinition } from './definition';

export type Answers = Record<string, string | boolean>;
export type FieldError = 'required' | 'email' | 'tel' | 'date' | 'option' | 'too-long' | 'type';

export const ERROR_TEXT: Record<FieldError, string> = {
  required: 'This field is required.',
  email: 'Enter an email address like name@example.org.',
  tel: 'Enter a phone number using digits, spaces, +, -, ( or ).',
  date: 'Enter a date as YYYY-MM-DD.',
  option: 'Choose one of the options.',
  'too-long': 'This answer is too long.',
  type: 'This answer has the wrong form.',
};

const MAX_LENGTH: Record<string, number> = { textarea: 4000 };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TEL = /^\+?[0-9 ()-]{5,32}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkField(field: FieldDefinition, value: string | boolean | undefined): FieldError | undefined {
  if (field.type === 'checkbox') {
    if (value !== undefined && typeof value !== 'boolean') return 'type';
    return field.required && value !== true ? 'required' : undefined;
  }
  if (value !== undefined && typeof value !== 'string') return 'type';
  const text = (value ?? '').trim();
  if (text === '') return field.required ? 'required' : undefined;
  if (text.length > (MAX_LENGTH[field.type] ?? 500)) return 'too-long';
  if (field.type === 'email' && !EMAIL.test(text)) return 'email';
  if (field.type === 'tel' && !TEL.test(text)) return 'tel';
  if (field.type === 'date' && (!DATE.test(text) || Number.isNaN(Date.parse(text)))) return 'date';
  if ((field.type === 'select' || field.type === 'radio') && !field.options.includes(text)) return 'option';
  return undefined;
}

/** Field key → error, empty when every answer is acceptable. Unknown keys are reported under their own name. */
export function validateAnswers(definition: FormDefinition, answers: Answers): Record<string, FieldError> {
  const errors: Record<string, FieldError> = {};
  const known = new Set(definition.fields.map((f) => f.key));
  for (const key of Object.keys(answers)) if (!known.has(key)) errors[key] = 'type';
  for (const field of definition.fields) {
    const error = checkField(field, answers[field.key]);
    if (error) errors[field.key] = error;
  }
  return errors;
}

/** The answers as sealed: trimmed, empty optional answers left out. */
export function sealedAnswers(definition: FormDefinition, answers: Answers): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  for (const field of definition.fields) {
    const value = answers[field.key];
    if (typeof value === 'boolean') out[field.key] = value;
    else if (typeof value === 'string' && value.trim() !== '') out[field.key] = value.trim();
  }
  return out;
}
