import type { AddressInfo } from 'node:net';
import type { SealedPayload } from '@palisade/protocol';
import { buildTestApps, type TestApps } from '../../../../portal-service/test/helpers/apps';
import { seedClinicAndForm } from '../../../../portal-service/test/helpers/intake';
import { systemClock } from '../../../../portal-service/src/clock';
import { Gate } from './gate';

/**
 * The real portal (both listeners, on PGlite) listening on loopback ports,
 * each behind a Gate so a test can take the portal down and bring it back on
 * the same address. The CMS reaches it exactly as in production: the key set
 * on the staff listener, signed intake calls on the intake listener.
 */
export interface RealPortal {
  apps: TestApps;
  /** Public origin (GET /intake/keys). */
  url: string;
  intakeUrl: string;
  /** Fingerprint of the portal's key-set signing key (CMS_KEYSET_PIN). */
  pin: string;
  /** The CMS signing key the portal trusts. */
  cmsKey: { keyId: string; privatePem: string };
  down(): Promise<void>;
  up(): Promise<void>;
  /** Submissions the portal stored, as (id, count) so a duplicate would show. */
  storedIds(): Promise<string[]>;
  /** Intake calls the portal answered as repeats of an id it already had. */
  duplicateDeliveries(): Promise<number>;
  /** Opens a stored submission with the portal's own intake key. */
  open(id: string): Promise<SealedPayload>;
  close(): Promise<void>;
}

export async function startRealPortal(forms: string[]): Promise<RealPortal> {
  const apps = await buildTestApps({ clock: systemClock });
  for (const slug of forms) await seedClinicAndForm(apps.dbs.owner, slug);
  await apps.staff.listen({ port: 0, host: '127.0.0.1' });
  await apps.intake.listen({ port: 0, host: '127.0.0.1' });
  const staffGate = new Gate((apps.staff.server.address() as AddressInfo).port);
  const intakeGate = new Gate((apps.intake.server.address() as AddressInfo).port);
  await staffGate.open();
  await intakeGate.open();
  const owner = apps.dbs.owner;

  return {
    apps,
    url: `http://127.0.0.1:${staffGate.port}`,
    intakeUrl: `http://127.0.0.1:${intakeGate.port}/internal/intake`,
    pin: await apps.staff.keys.keySetFingerprint(),
    cmsKey: { keyId: apps.cms.keyId, privatePem: apps.cms.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    async down() {
      await Promise.all([staffGate.close(), intakeGate.close()]);
    },
    async up() {
      await Promise.all([staffGate.open(), intakeGate.open()]);
    },
    async storedIds() {
      const { rows } = await owner.query('SELECT id FROM submissions ORDER BY id');
      return rows.map((r) => String(r.id));
    },
    async duplicateDeliveries() {
      const { rows } = await owner.query(`SELECT count(*)::int AS n FROM audit_events WHERE event = 'intake.duplicate'`);
      return Number(rows[0]?.n ?? 0);
    },
    async open(id: string) {
      const { rows } = await owner.query('SELECT kid, ciphertext FROM submissions WHERE id = $1', [id]);
      const row = rows[0];
      if (!row) throw new Error(`the portal has no submission ${id}`);
      return apps.staff.keys.openSealed(String(row.kid), new Uint8Array(row.ciphertext as Uint8Array), owner);
    },
    async close() {
      await Promise.all([staffGate.close(), intakeGate.close()]);
      await apps.close();
    },
  };
}
