import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Development keys and secrets, generated on first run and reused after. Each
 * process gets its own files so that, even in development, the CMS never reads
 * a portal secret and the portal never reads the CMS's private key.
 */

function readOrCreate(file: string, create: () => string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const content = create();
  try {
    // 'wx' loses the race politely when two processes start at once.
    fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
    return content;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8');
    throw err;
  }
}

const random = (bytes: number) => crypto.randomBytes(bytes).toString('base64');

export interface CmsDevSecrets {
  appKeys: string[];
  adminJwtSecret: string;
  apiTokenSalt: string;
  transferTokenSalt: string;
  jwtSecret: string;
  encryptionKey: string;
}

export function cmsDevSecrets(home: string): CmsDevSecrets {
  const file = path.join(home, 'secrets', 'cms.json');
  return JSON.parse(
    readOrCreate(file, () =>
      JSON.stringify(
        {
          appKeys: [random(16), random(16), random(16), random(16)],
          adminJwtSecret: random(32),
          apiTokenSalt: random(16),
          transferTokenSalt: random(16),
          jwtSecret: random(32),
          encryptionKey: random(32),
        } satisfies CmsDevSecrets,
        null,
        2,
      ),
    ),
  ) as CmsDevSecrets;
}

export const DEV_CMS_KEY_ID = 'cms-dev-1';

/** The CMS's Ed25519 signing key (PKCS#8 PEM). Only the CMS reads this file. */
export function cmsDevSigningKey(home: string): string {
  const priv = readOrCreate(path.join(home, 'keys', 'cms-signing.key'), () => {
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  });
  // The public half is what the portal trusts; write it beside for the portal to read.
  readOrCreate(path.join(home, 'keys', 'cms-signing.pub'), () =>
    crypto.createPublicKey(priv).export({ type: 'spki', format: 'pem' }).toString(),
  );
  return priv;
}

/** The CMS's public verification key (SPKI PEM): all the portal learns of the CMS. */
export function cmsDevPublicKey(home: string): string {
  const pubFile = path.join(home, 'keys', 'cms-signing.pub');
  try {
    return fs.readFileSync(pubFile, 'utf8');
  } catch {
    // First run with the portal started before the CMS: create the pair now.
    cmsDevSigningKey(home);
    return fs.readFileSync(pubFile, 'utf8');
  }
}

/** The portal's master key (32 bytes, base64) that wraps every private key the portal stores. */
export function portalDevMasterKeyFile(home: string): string {
  const file = path.join(home, 'keys', 'portal-master.key');
  readOrCreate(file, () => random(32));
  return file;
}

/**
 * The portal's key-set fingerprint, published in development so that the CMS
 * and the demo site pin it from the first request instead of trusting on first
 * use. It is public information (a hash of a public key), not a secret.
 */
export function devKeySetPinFile(home: string): string {
  return path.join(home, 'keys', 'keyset-pin');
}

export function readDevKeySetPin(home: string): string | undefined {
  try {
    const pin = fs.readFileSync(devKeySetPinFile(home), 'utf8').trim();
    return /^sha256:[A-Za-z0-9_-]{43}$/.test(pin) ? pin : undefined;
  } catch {
    return undefined;
  }
}

export function writeDevKeySetPin(home: string, pin: string): void {
  fs.mkdirSync(path.dirname(devKeySetPinFile(home)), { recursive: true, mode: 0o700 });
  fs.writeFileSync(devKeySetPinFile(home), `${pin}\n`, { mode: 0o644 });
}
