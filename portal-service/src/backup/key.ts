import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PortalConfig } from '@palisade/config';
import { KEY_BYTES } from './stream-format';

function readKeyText(text: string, where: string): Uint8Array {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${where} must hold 32 bytes, base64-encoded`);
  return key;
}

function masterKeyBytes(config: PortalConfig): Buffer | undefined {
  try {
    const text = 'value' in config.masterKey ? config.masterKey.value : fs.readFileSync(config.masterKey.file, 'utf8');
    return Buffer.from(text.trim(), 'base64');
  } catch {
    return undefined;
  }
}

/**
 * The backup key: PORTAL_BACKUP_KEY or PORTAL_BACKUP_KEY_FILE; in development a
 * file generated on first use under PALISADE_HOME. It must differ from the
 * master key, so a stolen backup and a stolen master key are separate losses.
 */
export function resolveBackupKey(config: PortalConfig, opts: { create: boolean }): Uint8Array {
  const source = config.backupKey;
  let key: Uint8Array;
  if ('value' in source) key = readKeyText(source.value, 'PORTAL_BACKUP_KEY');
  else if (fs.existsSync(source.file)) key = readKeyText(fs.readFileSync(source.file, 'utf8'), source.file);
  else if (opts.create && config.nodeEnv !== 'production') {
    fs.mkdirSync(path.dirname(source.file), { recursive: true, mode: 0o700 });
    const fresh = crypto.randomBytes(KEY_BYTES);
    fs.writeFileSync(source.file, fresh.toString('base64'), { mode: 0o600, flag: 'wx' });
    key = fresh;
  } else throw new Error(`no backup key: set PORTAL_BACKUP_KEY or PORTAL_BACKUP_KEY_FILE (${source.file} does not exist)`);
  const master = masterKeyBytes(config);
  if (master && Buffer.from(key).equals(master)) throw new Error('the backup key must differ from the master key');
  return key;
}
