import fs from 'node:fs';
import type { PortalConfig } from '@palisade/config';
import { sodiumReady } from './sodium';

/**
 * Wraps secrets at rest (private keys, TOTP seeds). `context` is bound to the
 * ciphertext as associated data, so a wrapped value moved to another row or
 * purpose does not unwrap. A cloud KMS can implement the same two calls.
 */
export interface Kms {
  wrap(plaintext: Uint8Array, context: string): Promise<Uint8Array>;
  unwrap(wrapped: Uint8Array, context: string): Promise<Uint8Array>;
}

/** Thrown when a value does not unwrap; it never carries key material or plaintext. */
export class UnwrapError extends Error {
  constructor() {
    super('wrapped value does not open under this master key and context');
    this.name = 'UnwrapError';
  }
}

const FORMAT_V1 = 0x01;

/** XChaCha20-Poly1305 under the master key: version byte ‖ 24-byte nonce ‖ ciphertext+tag. */
export class LocalKms implements Kms {
  private constructor(private readonly key: Uint8Array) {}

  static async create(masterKey: Uint8Array): Promise<LocalKms> {
    const sodium = await sodiumReady();
    if (masterKey.length !== sodium.crypto_aead_xchacha20poly1305_ietf_KEYBYTES) {
      throw new Error('the master key must be 32 bytes');
    }
    return new LocalKms(Uint8Array.from(masterKey));
  }

  async wrap(plaintext: Uint8Array, context: string): Promise<Uint8Array> {
    const sodium = await sodiumReady();
    const nonce = sodium.randombytes_buf(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    const ct = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, context, null, nonce, this.key);
    const out = new Uint8Array(1 + nonce.length + ct.length);
    out[0] = FORMAT_V1;
    out.set(nonce, 1);
    out.set(ct, 1 + nonce.length);
    return out;
  }

  async unwrap(wrapped: Uint8Array, context: string): Promise<Uint8Array> {
    const sodium = await sodiumReady();
    const n = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    if (wrapped.length < 1 + n + sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES || wrapped[0] !== FORMAT_V1) throw new UnwrapError();
    try {
      return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, wrapped.subarray(1 + n), context, wrapped.subarray(1, 1 + n), this.key);
    } catch {
      throw new UnwrapError();
    }
  }
}

/** Reads the master key from the configuration (value or file, base64 of 32 bytes). */
export function readMasterKey(source: PortalConfig['masterKey']): Uint8Array {
  const text = 'value' in source ? source.value : fs.readFileSync(source.file, 'utf8');
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error('the master key must be 32 bytes, base64-encoded');
  return key;
}

export async function kmsFromConfig(config: Pick<PortalConfig, 'masterKey'>): Promise<Kms> {
  return LocalKms.create(readMasterKey(config.masterKey));
}
