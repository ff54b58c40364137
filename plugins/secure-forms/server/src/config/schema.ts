import nodeCron from 'node-cron';

/** The plugin's configuration after validation (see cms/src/plugin-config/secure-forms.ts). */
export interface SecureFormsConfig {
  portalIntakeUrl: string;
  portalPublicUrl: string;
  /** Where the CMS itself fetches the key set; the public URL may be a name only browsers resolve. */
  portalKeySetUrl: string;
  signingKeyId: string;
  intakeMaxBytes: number;
  /** node-cron expression, or "off". */
  sweepCron: string;
  /** sha256:… fingerprint of the portal's key-set signing key; null means trust on first use (development only). */
  keysetPin: string | null;
  keysetCacheSeconds: number;
  portalTimeoutMs: number;
  outboxAlertSeconds: number;
  /** Days a shred record is kept before the sweep deletes it. */
  shredRetentionDays: number;
  allowKeysetTofu: boolean;
  /** The CMS content type that holds form definitions. */
  formContentType: string;
}

const PIN = /^sha256:[A-Za-z0-9_-]{43}$/;

function httpUrl(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new Error(`secure-forms: ${name} must be a URL`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`secure-forms: ${name} must be a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`secure-forms: ${name} must be an http(s) URL`);
  return value;
}

function positive(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw new Error(`secure-forms: ${name} must be a positive whole number`);
  return value;
}

/** Throws an Error naming the first bad setting; Strapi refuses to start on it. */
export function parsePluginConfig(raw: unknown): SecureFormsConfig {
  const c = (raw ?? {}) as Record<string, unknown>;
  const sweepCron = c.sweepCron;
  if (typeof sweepCron !== 'string' || (sweepCron !== 'off' && !nodeCron.validate(sweepCron))) {
    throw new Error('secure-forms: sweepCron must be a node-cron expression or "off"');
  }
  const keysetPin = c.keysetPin ?? null;
  if (keysetPin !== null && (typeof keysetPin !== 'string' || !PIN.test(keysetPin))) {
    throw new Error('secure-forms: keysetPin must be sha256: followed by 43 base64url characters');
  }
  const allowKeysetTofu = c.allowKeysetTofu === true;
  if (keysetPin === null && !allowKeysetTofu) throw new Error('secure-forms: keysetPin is required (CMS_KEYSET_PIN)');
  if (typeof c.signingKeyId !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(c.signingKeyId)) {
    throw new Error('secure-forms: signingKeyId must be 1-64 letters, digits, dot, dash or underscore');
  }
  if (typeof c.formContentType !== 'string' || !c.formContentType.includes('::')) throw new Error('secure-forms: formContentType must be a content-type uid');
  const portalPublicUrl = httpUrl(c.portalPublicUrl, 'portalPublicUrl').replace(/\/+$/, '');
  return {
    portalIntakeUrl: httpUrl(c.portalIntakeUrl, 'portalIntakeUrl'),
    portalPublicUrl,
    portalKeySetUrl: c.portalKeySetUrl === undefined ? `${portalPublicUrl}/intake/keys` : httpUrl(c.portalKeySetUrl, 'portalKeySetUrl'),
    signingKeyId: c.signingKeyId,
    intakeMaxBytes: positive(c.intakeMaxBytes, 'intakeMaxBytes'),
    sweepCron,
    keysetPin,
    keysetCacheSeconds: positive(c.keysetCacheSeconds, 'keysetCacheSeconds'),
    portalTimeoutMs: positive(c.portalTimeoutMs, 'portalTimeoutMs'),
    outboxAlertSeconds: positive(c.outboxAlertSeconds, 'outboxAlertSeconds'),
    shredRetentionDays: positive(c.shredRetentionDays, 'shredRetentionDays'),
    allowKeysetTofu,
    formContentType: c.formContentType,
  };
}
