import { normalizePassword } from './password-policy';
import { sodiumReady } from './sodium';

/** OWASP's floor for argon2id: t=2 passes over m=19 MiB, p=1. Never go below it. */
export const ARGON2_FLOOR = { opsLimit: 2, memLimitBytes: 19 * 1024 * 1024 } as const;

export interface Argon2Cost {
  opsLimit: number;
  memLimitBytes: number;
}

/** libsodium's "interactive" preset: t=2, m=64 MiB — well above the floor, ~0.1 s here. */
export const DEFAULT_ARGON2_COST: Argon2Cost = { opsLimit: 2, memLimitBytes: 64 * 1024 * 1024 };

export interface Argon2Params {
  algorithm: string;
  version: number;
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** Reads the PHC string libsodium writes: $argon2id$v=19$m=65536,t=2,p=1$salt$hash */
export function parseArgon2Hash(hash: string): Argon2Params | undefined {
  const m = /^\$(argon2id|argon2i)\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(hash);
  if (!m) return undefined;
  return {
    algorithm: m[1] as string,
    version: Number(m[2]),
    memoryKiB: Number(m[3]),
    iterations: Number(m[4]),
    parallelism: Number(m[5]),
  };
}

function assertAboveFloor(cost: Argon2Cost): void {
  if (cost.opsLimit < ARGON2_FLOOR.opsLimit || cost.memLimitBytes < ARGON2_FLOOR.memLimitBytes) {
    throw new Error('argon2id cost below the OWASP floor (t=2, m=19 MiB)');
  }
}

export class PasswordHasher {
  constructor(private readonly cost: Argon2Cost = DEFAULT_ARGON2_COST) {
    assertAboveFloor(cost);
  }

  async hash(password: string): Promise<string> {
    const sodium = await sodiumReady();
    return sodium.crypto_pwhash_str(normalizePassword(password), this.cost.opsLimit, this.cost.memLimitBytes);
  }

  /** False for a wrong password and for anything that is not an argon2id hash. */
  async verify(hash: string, password: string): Promise<boolean> {
    const sodium = await sodiumReady();
    const params = parseArgon2Hash(hash);
    if (!params || params.algorithm !== 'argon2id') return false;
    try {
      return sodium.crypto_pwhash_str_verify(hash, normalizePassword(password));
    } catch {
      return false;
    }
  }

  /** True when the stored hash is cheaper than today's cost, so a login can upgrade it. */
  async needsRehash(hash: string): Promise<boolean> {
    const sodium = await sodiumReady();
    try {
      return sodium.crypto_pwhash_str_needs_rehash(hash, this.cost.opsLimit, this.cost.memLimitBytes);
    } catch {
      return true;
    }
  }

  private dummy: Promise<string> | undefined;

  /**
   * Spends the same work as a real verification for an unknown email or an
   * account without a password, so response time does not reveal which emails exist.
   */
  async burn(password: string): Promise<false> {
    this.dummy ??= this.hash('palisade dummy password for unknown accounts');
    await this.verify(await this.dummy, password);
    return false;
  }
}
