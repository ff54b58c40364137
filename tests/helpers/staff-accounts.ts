import fs from 'node:fs';
import path from 'node:path';
import { generate } from '@otplib/totp';
import { nodeCrypto, rfc4648Base32 } from '../../portal-service/src/identity/otp-plugins';

export interface DevAccount {
  handle: string;
  email: string;
  name: string;
  password: string;
  totpSecret: string;
  recoveryCodes: string[];
}

const PERIOD = 30;

/** The accounts the portal's development first run wrote to $PALISADE_HOME/dev-staff.json. */
export async function readDevAccounts(home: string, waitSeconds = 30): Promise<Map<string, DevAccount>> {
  const file = path.join(home, 'dev-staff.json');
  const deadline = Date.now() + waitSeconds * 1000;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} was not written`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const mode = fs.statSync(file).mode & 0o777;
  if (mode !== 0o600) throw new Error(`${file} has mode ${mode.toString(8)}, expected 600`);
  const content = JSON.parse(fs.readFileSync(file, 'utf8')) as { accounts: DevAccount[] };
  return new Map(content.accounts.map((a) => [a.handle, a]));
}

/**
 * An authenticator app for tests: the code for the current 30-second step,
 * each step used once per secret (the portal refuses a replayed code), waiting
 * for the next step when this one was already used.
 */
export class Authenticator {
  private readonly used = new Map<string, number>();

  async code(secret: string): Promise<string> {
    let step = Math.floor(Date.now() / 1000 / PERIOD);
    const last = this.used.get(secret) ?? -1;
    if (step <= last) {
      await new Promise((r) => setTimeout(r, ((last + 1) * PERIOD * 1000 - Date.now()) + 200));
      step = last + 1;
    }
    this.used.set(secret, step);
    return generate({ secret, epoch: step * PERIOD, period: PERIOD, digits: 6, algorithm: 'sha1', crypto: nodeCrypto, base32: rfc4648Base32 });
  }
}
