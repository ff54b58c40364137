import type { AuditSink } from '../access/audit-port';
import type { Db } from '../db/types';
import type { PasswordHasher } from './password';
import type { Clock, SessionStore } from './sessions';

/** Seals secrets at rest (TOTP seeds) under the portal's master key; `context` binds a ciphertext to its owner. */
export interface SecretBox {
  wrap(plaintext: Uint8Array, context: string): Promise<Uint8Array>;
  unwrap(ciphertext: Uint8Array, context: string): Promise<Uint8Array>;
}

export interface IdentityDeps {
  /** The staff API's database handle (role portal_app). */
  db: Db;
  clock: Clock;
  hasher: PasswordHasher;
  sessions: SessionStore;
  secrets: SecretBox;
  audit: AuditSink;
  lockoutThreshold: number;
  publicUrl: string;
}

export const totpContext = (staffId: string) => `staff-totp:${staffId}`;
