import fs from 'node:fs';
import { StaffSession } from './http';
import { totpCode } from './totp';

export type ProbeRole = 'admin' | 'clinician' | 'front-desk' | 'auditor';

export interface ProbeAccount {
  email: string;
  password: string;
  totpSecret: string;
  role: ProbeRole;
  /** Clinic code for clinical roles. */
  clinic?: string;
}

const ROLES: readonly ProbeRole[] = ['admin', 'clinician', 'front-desk', 'auditor'];

function str(o: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const k of keys) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
  return undefined;
}

function toAccount(raw: unknown, fallbackName?: string): ProbeAccount | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const o = raw as Record<string, unknown>;
  const email = str(o, 'email');
  const password = str(o, 'password');
  const totpSecret = str(o, 'totpSecret', 'totp', 'secret', 'totp_secret');
  const roles = Array.isArray(o.roles) ? o.roles : [];
  const firstRole = roles[0] && typeof roles[0] === 'object' ? (roles[0] as Record<string, unknown>) : undefined;
  let role = (str(o, 'role') ?? (typeof roles[0] === 'string' ? roles[0] : firstRole ? str(firstRole, 'role') : undefined) ?? fallbackName?.split('@')[0]) as ProbeRole | undefined;
  if (role === ('frontdesk' as ProbeRole)) role = 'front-desk';
  const clinic = str(o, 'clinic', 'clinicCode') ?? (firstRole ? str(firstRole, 'clinic', 'clinicCode') : undefined) ?? fallbackName?.split('@')[1];
  if (!email || !password || !totpSecret || !role || !ROLES.includes(role)) return undefined;
  return { email, password, totpSecret, role, clinic: role === 'clinician' || role === 'front-desk' ? clinic : undefined };
}

/**
 * Reads probe accounts: a JSON array of ProbeAccount, or the development file
 * the portal writes on first run (an object or array of accounts with email,
 * password, TOTP secret, role and clinic; key names are matched loosely so the
 * probe follows that file's shape).
 */
export function loadProbes(file: string): ProbeAccount[] {
  const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const list: Array<[unknown, string | undefined]> = [];
  const collect = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x) => list.push([x, undefined]));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (Array.isArray(x)) x.forEach((y) => list.push([y, undefined]));
        else list.push([x, k]);
      }
    }
  };
  collect(raw);
  return list.map(([x, k]) => toAccount(x, k)).filter((a): a is ProbeAccount => a !== undefined);
}

export function probeLabel(a: ProbeAccount): string {
  return a.clinic ? `${a.role}@${a.clinic}` : a.role;
}

/** Password then TOTP, the way the staff UI does; throws with the failing step's status. */
export async function signIn(portalUrl: string, account: ProbeAccount): Promise<StaffSession> {
  const s = new StaffSession(portalUrl);
  const login = await s.call('POST', '/api/auth/login', { email: account.email, password: account.password });
  if (login.status !== 200) throw new Error(`login of ${probeLabel(account)} answered ${login.status}`);
  // Codes are single-use per account: try the current step, then the next one in case this account signed in within the same 30 s.
  for (const offset of [0, 1]) {
    const res = await s.call('POST', '/api/auth/totp', { code: totpCode(account.totpSecret, new Date(), offset) });
    if (res.status === 200) return s;
    if (res.status !== 401 && res.status !== 400) throw new Error(`TOTP step of ${probeLabel(account)} answered ${res.status}`);
  }
  throw new Error(`TOTP step of ${probeLabel(account)} refused both the current and the next code`);
}
