import { api, ApiError, setCsrfToken } from './api';
import type { Directory, Me, Role } from './types';

/**
 * What the page knows about the signed-in person. Only the CSRF token and
 * display facts live here; the session itself is the HttpOnly cookie.
 */
export class Session {
  me: Me | null = null;
  private directory: Promise<Directory> | null = null;

  /** null when nobody is signed in (401), the person otherwise. */
  async load(): Promise<Me | null> {
    try {
      const me = await api<Me>('GET', '/api/me', undefined, { expectUnauthorized: true });
      this.set(me);
      return me;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        this.clear();
        return null;
      }
      throw err;
    }
  }

  set(me: Me): void {
    this.me = me;
    setCsrfToken(me.csrfToken);
  }

  clear(): void {
    this.me = null;
    this.directory = null;
    setCsrfToken(null);
  }

  get signedIn(): boolean {
    return this.me?.stage === 'mfa';
  }

  has(role: Role): boolean {
    return Boolean(this.me?.roles.some((r) => r.role === role));
  }

  get clinical(): boolean {
    return this.has('clinician') || this.has('front-desk');
  }

  /** Where a person starts: the page their roles make most use of. */
  get home(): string {
    if (this.clinical) return '/inbox';
    if (this.has('auditor')) return '/audit';
    if (this.has('admin')) return '/admin/staff';
    return '/account';
  }

  getDirectory(): Promise<Directory> {
    this.directory ??= api<Directory>('GET', '/api/ui/directory').catch((err: unknown) => {
      this.directory = null;
      throw err;
    });
    return this.directory;
  }

  async clinicName(id: string): Promise<string> {
    const dir = await this.getDirectory().catch(() => null);
    return dir?.clinics.find((c) => c.id === id)?.name ?? 'Unknown clinic';
  }
}

export const session = new Session();
