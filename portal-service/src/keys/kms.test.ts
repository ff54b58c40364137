import crypto from 'node:crypto';
import { LocalKms, UnwrapError, readMasterKey } from './kms';

describe('LocalKms', () => {
  const secret = new TextEncoder().encode('a private key, 32 bytes long....');

  it('unwraps what it wrapped, under the same context', async () => {
    const kms = await LocalKms.create(crypto.randomBytes(32));
    const wrapped = await kms.wrap(secret, 'palisade-key:intake:k1');
    expect(Buffer.from(wrapped).includes(Buffer.from(secret))).toBe(false);
    expect(Buffer.from(await kms.unwrap(wrapped, 'palisade-key:intake:k1'))).toEqual(Buffer.from(secret));
  });

  it('refuses another context, another master key and a flipped bit, without echoing anything', async () => {
    const kms = await LocalKms.create(crypto.randomBytes(32));
    const wrapped = await kms.wrap(secret, 'palisade-key:intake:k1');
    await expect(kms.unwrap(wrapped, 'palisade-key:intake:k2')).rejects.toThrow(UnwrapError);
    await expect((await LocalKms.create(crypto.randomBytes(32))).unwrap(wrapped, 'palisade-key:intake:k1')).rejects.toThrow(UnwrapError);
    const flipped = Uint8Array.from(wrapped);
    flipped[flipped.length - 1]! ^= 1;
    await expect(kms.unwrap(flipped, 'palisade-key:intake:k1')).rejects.toThrow('does not open');
  });

  it('two wraps of the same secret differ (random nonce)', async () => {
    const kms = await LocalKms.create(crypto.randomBytes(32));
    expect(Buffer.from(await kms.wrap(secret, 'c'))).not.toEqual(Buffer.from(await kms.wrap(secret, 'c')));
  });

  it('reads a base64 master key and refuses a wrong length', () => {
    expect(readMasterKey({ value: crypto.randomBytes(32).toString('base64') })).toHaveLength(32);
    expect(() => readMasterKey({ value: crypto.randomBytes(16).toString('base64') })).toThrow(/32 bytes/);
  });
});
