/**
 * One polite live region for the whole page, created once at start-up: a
 * region added together with its message is not announced reliably.
 */
let region: HTMLElement | null = null;

export function attachLiveRegion(el: HTMLElement): void {
  region = el;
}

export function announce(message: string): void {
  if (!region) return;
  // Clearing first makes the same message announce again.
  region.textContent = '';
  window.setTimeout(() => {
    if (region) region.textContent = message;
  }, 50);
}
