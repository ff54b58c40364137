import type { AnswerValue, Status } from './types';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? 'unknown time' : dateTime.format(d);
}

export const STATUS_LABELS: Readonly<Record<Status, string>> = {
  new: 'New',
  'in-review': 'In review',
  done: 'Done',
};

export function formatAnswer(value: AnswerValue): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'No answer';
  return value.trim() === '' ? 'No answer' : value;
}

/** A date input (yyyy-mm-dd, local) as the start of that local day, ISO with offset. */
export function startOfDay(date: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const d = new Date(`${date}T00:00:00`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The end of a date-input day: the next local midnight (the API's `to` is exclusive). */
export function endOfDay(date: string): string | undefined {
  const start = startOfDay(date);
  if (!start) return undefined;
  const d = new Date(start);
  d.setDate(d.getDate() + 1);
  return d.toISOString();
}
