/**
 * A session that signed in with its password only is refused by every admin
 * API route with 403 MFA_REQUIRED. The admin panel does not know that answer,
 * so the first such refusal sends the browser to the second-factor page,
 * which sends it back to the panel once the factor is passed.
 */
export function installMfaRedirect(): void {
  if (typeof window === 'undefined' || (window as { __palisadeMfaRedirect?: boolean }).__palisadeMfaRedirect) return;
  (window as { __palisadeMfaRedirect?: boolean }).__palisadeMfaRedirect = true;
  const original = window.fetch.bind(window);
  window.fetch = async (...args: Parameters<typeof fetch>) => {
    const response = await original(...args);
    if (response.status === 403 && (response.headers.get('content-type') ?? '').includes('json')) {
      const body = await response
        .clone()
        .json()
        .catch(() => undefined);
      const details = (body as { error?: { details?: { code?: string; location?: string } } } | undefined)?.error?.details;
      if (details?.code === 'MFA_REQUIRED' && !window.location.pathname.startsWith('/admin/mfa')) {
        window.location.assign(details.location ?? '/admin/mfa');
      }
    }
    return response;
  };
}
