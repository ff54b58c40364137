import type { PortalConfig } from '@palisade/config';
import type { AuditAppender, AuditRowBuilder } from '../../audit/sink';
import type { Clock } from '../../clock';
import type { Db } from '../../db/types';
import type { KeyService } from '../../keys/intake-keys';
import type { Kms } from '../../keys/kms';

declare module 'fastify' {
  interface FastifyInstance {
    /** The validated portal configuration. */
    config: PortalConfig;
    /** Injected time source; tests pass a FakeClock. */
    clock: Clock;
    /**
     * This listener's database handle: portal_app on the staff listener,
     * portal_ingest on the intake listener. There is no other handle in reach.
     */
    db: Db;
    /** Wraps secrets at rest under the master key (TOTP seeds, private keys). */
    kms: Kms;
    /** Intake keys, the signed key set and receipts, bound to this listener's handle. */
    keys: KeyService;
    /** Appends a hash-chained audit row in the caller's transaction, stamped with this listener's service name and the clock. */
    audit: AuditAppender;
    /** The same event's checked column values, for an insert folded into another statement (the intake's accepted path). */
    auditRow: AuditRowBuilder;
  }
}
