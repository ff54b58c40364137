import type { VerifyContext } from '../context';
import { field, type StaffSession } from '../http';
import { probeLabel, type ProbeAccount } from '../probes';

export interface ProbeSubmission {
  id: string;
  clinic: string;
}

export interface SignedInProbe {
  account: ProbeAccount;
  session: StaffSession;
  staffId?: string;
}

type Answers = 'all' | 'contact only' | 'none';
interface ClinicCell {
  list: boolean;
  read: boolean;
  answers: Answers;
  update: boolean;
}
interface GlobalCell {
  audit: boolean;
  staff: boolean;
  clinics: boolean;
  forms: boolean;
}

/**
 * The policy table (portal-service/src/access/rules.ts and masking): clinical
 * roles act on their own clinic only, front desk sees contact fields only,
 * admins manage but read no answers, auditors read the audit log only.
 */
export function expectedClinicCell(a: ProbeAccount, clinic: string): ClinicCell {
  const own = a.clinic === clinic && (a.role === 'clinician' || a.role === 'front-desk');
  if (!own) return { list: false, read: false, answers: 'none', update: false };
  return { list: true, read: true, answers: a.role === 'clinician' ? 'all' : 'contact only', update: true };
}

export function expectedGlobalCell(a: ProbeAccount): GlobalCell {
  return { audit: a.role === 'auditor', staff: a.role === 'admin', clinics: a.role === 'admin', forms: a.role === 'admin' };
}

export const PROBE_FIELDS = { contact: 'contact_email', clinical: 'clinical_note' } as const;

async function observeClinic(s: StaffSession, sub: ProbeSubmission): Promise<{ cell: ClinicCell; codes: string }> {
  const list = await s.call('GET', '/api/submissions?limit=100');
  const items = (field(list.body, 'items') as Array<{ id: string }> | undefined) ?? [];
  const read = await s.call('GET', `/api/submissions/${sub.id}`);
  let answers: Answers = 'none';
  if (read.status === 200) {
    const fields = (field(read.body, 'fields') as Array<{ key: string; value?: unknown; masked?: boolean }> | undefined) ?? [];
    const shown = (key: string) => fields.some((f) => f.key === key && f.value !== undefined && !f.masked);
    answers = shown(PROBE_FIELDS.clinical) ? 'all' : shown(PROBE_FIELDS.contact) ? 'contact only' : 'none';
  }
  const update = await s.call('PATCH', `/api/submissions/${sub.id}`, { status: 'in-review' });
  return {
    cell: { list: list.status === 200 && items.some((i) => i.id === sub.id), read: read.status === 200, answers, update: update.status === 200 },
    codes: `list ${list.status}, read ${read.status}, update ${update.status}`,
  };
}

async function observeGlobal(s: StaffSession): Promise<{ cell: GlobalCell; codes: string }> {
  const [audit, staff, clinics, forms] = await Promise.all(['/api/audit?limit=1', '/api/admin/staff', '/api/admin/clinics', '/api/admin/forms'].map((p) => s.call('GET', p)));
  return {
    cell: { audit: audit?.status === 200, staff: staff?.status === 200, clinics: clinics?.status === 200, forms: forms?.status === 200 },
    codes: `audit ${audit?.status}, staff ${staff?.status}, clinics ${clinics?.status}, forms ${forms?.status}`,
  };
}

const yn = (got: boolean | string, want: boolean | string) => {
  const show = (v: boolean | string) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : v);
  return got === want ? show(got) : `${show(got)} ✗ (policy: ${show(want)})`;
};

export async function checkQ3(ctx: VerifyContext, probes: SignedInProbe[], subs: ProbeSubmission[]): Promise<void> {
  const clinicRows: string[][] = [['probe account', 'clinic', 'list', 'read', 'answers', 'update']];
  const globalRows: string[][] = [['probe account', 'audit log', 'staff admin', 'clinic admin', 'form admin']];
  const mismatches: string[] = [];
  const evidence: string[] = [];
  if (probes.length === 0) {
    ctx.record('Q3', 'Q3.1', 'Role × clinic × action matrix matches the policy', 'fail', ['no probe account could sign in']);
    return;
  }
  if (subs.length === 0) mismatches.push('no probe submission reached the portal, so submission cells could not be probed');
  for (const p of probes) {
    const label = probeLabel(p.account);
    for (const sub of subs) {
      const { cell, codes } = await observeClinic(p.session, sub);
      const want = expectedClinicCell(p.account, sub.clinic);
      const row = [label, sub.clinic, yn(cell.list, want.list), yn(cell.read, want.read), yn(cell.answers, want.answers), yn(cell.update, want.update)];
      clinicRows.push(row);
      if (row.some((c) => c.includes('✗'))) mismatches.push(`${label} on ${sub.clinic}: ${codes}`);
      evidence.push(`${label} × ${sub.clinic}: ${codes}`);
    }
    const { cell, codes } = await observeGlobal(p.session);
    const want = expectedGlobalCell(p.account);
    const row = [label, yn(cell.audit, want.audit), yn(cell.staff, want.staff), yn(cell.clinics, want.clinics), yn(cell.forms, want.forms)];
    globalRows.push(row);
    if (row.some((c) => c.includes('✗'))) mismatches.push(`${label} global: ${codes}`);
  }
  ctx.tables['Q3 role × clinic × action (probed through the staff API)'] = clinicRows;
  ctx.tables['Q3 global actions'] = globalRows;
  const roles = new Set(probes.map((p) => p.account.role));
  const missingRoles = (['admin', 'clinician', 'front-desk', 'auditor'] as const).filter((r) => !roles.has(r));
  if (missingRoles.length) mismatches.push(`no probe account for role(s): ${missingRoles.join(', ')}`);
  ctx.record('Q3', 'Q3.1', 'Role × clinic × action matrix matches the policy', mismatches.length === 0 ? 'pass' : 'fail', [
    `${probes.length} probe accounts × ${subs.length} clinics × 4 actions + 4 global actions = ${probes.length * (subs.length * 4 + 4)} cells`,
    ...mismatches,
    ...evidence,
  ]);
}
