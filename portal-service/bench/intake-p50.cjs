'use strict';
/**
 * Time of one intake on the real route (signature verify, nonce insert,
 * envelope check, sealed-box open, insert, audit row, signed receipt), through
 * `app.inject` so no socket is measured. Not a test: prints p50/p90/p99 in ms.
 *
 *   npx tsc -b portal-service
 *   node portal-service/bench/intake-p50.cjs [n=300] [postgres-owner-url]
 */
const crypto = require('node:crypto');
const sodium = require('libsodium-wrappers-sumo');
const pino = require('pino');
const { buildEnvelope, decodeBase64url, signRequest } = require('@palisade/protocol');
const { loadPortalConfig } = require('@palisade/config');
const { buildApps } = require('../dist/app.js');
const { openDatabases } = require('../dist/db/open.js');
const { enableRoleLogins, migrate } = require('../dist/db/migrate.js');

async function main() {
  const n = Number(process.argv[2] || 300);
  const pgUrl = process.argv[3];
  const cms = crypto.generateKeyPairSync('ed25519');
  const config = loadPortalConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORTAL_PGLITE_DIR: 'memory://',
    PORTAL_MASTER_KEY: crypto.randomBytes(32).toString('base64'),
    PORTAL_CMS_KEYS: `cms-bench=${Buffer.from(cms.publicKey.export({ type: 'spki', format: 'pem' }).toString()).toString('base64')}`,
    ...(pgUrl ? { DATABASE_URL: pgUrl } : {}),
  });
  const databases = await openDatabases(config);
  await migrate(databases.owner);
  if (config.database.kind === 'postgres') await enableRoleLogins(databases.owner);
  const apps = await buildApps({ config, databases, logger: pino({ level: 'silent' }), docsUi: false });
  const clinicId = crypto.randomUUID();
  await databases.owner.query(`INSERT INTO clinics (id, code, name) VALUES ($1, $2, 'Bench')`, [clinicId, `bench-${clinicId.slice(0, 6)}`]);
  await databases.owner.query(`INSERT INTO forms (slug, clinic_id, title) VALUES ($1, $2, 'Bench')`, [`bench-${clinicId.slice(0, 6)}`, clinicId]);
  const form = `bench-${clinicId.slice(0, 6)}`;
  const keySet = (await apps.staff.inject({ method: 'GET', url: '/intake/keys' })).json();
  await sodium.ready;
  const publicKey = decodeBase64url(keySet.payload.keys[0].publicKey);

  const times = [];
  for (let i = 0; i < n + 20; i++) {
    const envelope = buildEnvelope(sodium, {
      id: crypto.randomUUID(),
      form,
      kid: keySet.payload.current,
      publicKey,
      payload: { formVersion: '1', answers: { name: 'Ada Lovelace', reason: 'x'.repeat(400), consent: true }, submittedAt: new Date().toISOString() },
    });
    const body = JSON.stringify(envelope);
    const headers = signRequest({ method: 'POST', url: 'http://127.0.0.1:4001/internal/intake', contentType: 'application/json', body, keyId: 'cms-bench', privateKey: cms.privateKey });
    const t0 = process.hrtime.bigint();
    const res = await apps.intake.inject({ method: 'POST', url: '/internal/intake', headers: { ...headers, host: '127.0.0.1:4001' }, payload: body });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.statusCode !== 201) throw new Error(`intake answered ${res.statusCode}`);
    if (i >= 20) times.push(ms); // the first calls warm the JIT and the key cache
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
  process.stdout.write(`intake on ${databases.kind}: n=${times.length} p50=${q(0.5)} ms p90=${q(0.9)} ms p99=${q(0.99)} ms\n`);
  await apps.close();
  await databases.close();
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack}\n`);
  process.exitCode = 1;
});
