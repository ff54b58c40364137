export const ROLES = ['admin', 'clinician', 'front-desk', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Clinical roles are held per clinic; admin and auditor are global (clinic NULL). */
export const CLINICAL_ROLES: readonly Role[] = ['clinician', 'front-desk'];

export function isClinicalRole(role: Role): boolean {
  return CLINICAL_ROLES.includes(role);
}

export interface RoleGrant {
  role: Role;
  clinicId: string | null;
}

/** Who is asking, as loaded with the session: the only input rules may look at. */
export interface Principal {
  staffId: string;
  grants: readonly RoleGrant[];
}
