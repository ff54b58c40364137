/**
 * A loggable name for an unexpected error: its class and code, never its
 * message, because driver messages may quote SQL with the values bound to it.
 */
export function errorKind(err: unknown): string {
  if (!(err instanceof Error)) return 'non-error thrown';
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? `${err.name} ${code}` : err.name;
}
