export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');

export const errorText = (err: unknown) =>
  (err as { response?: { data?: { error?: { message?: string } } } })?.response?.data?.error?.message ?? (err instanceof Error ? err.message : 'Request failed');
