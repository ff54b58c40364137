import sodium = require('libsodium-wrappers');
import { ed25519PublicKeyRaw, encodeBase64url, generateEd25519KeyPair, keySetFingerprint, signKeySet, type KeySetDocument } from '@palisade/protocol';
import { KeySetTrust, type KeySetDeps } from './trusted-keyset';

const signer = generateEd25519KeyPair();
const pin = keySetFingerprint(ed25519PublicKeyRaw(signer.publicKey));
const x25519 = (fill: number) => encodeBase64url(new Uint8Array(32).fill(fill));
const NOW = Date.parse('2026-03-01T10:00:00Z');

const docFor = (key = signer.privateKey) =>
  signKeySet(
    {
      keys: [
        { kid: 'intake-2', publicKey: x25519(2), notAfter: null },
        { kid: 'intake-1', publicKey: x25519(1), notAfter: '2026-02-01T00:00:00Z' },
      ],
      current: 'intake-2',
      issuedAt: '2026-03-01T09:00:00.000Z',
    },
    key,
  );

function setup(over: Partial<KeySetDeps> & { serve?: () => unknown } = {}) {
  let now = NOW;
  const warnings: string[] = [];
  let saved: { doc: KeySetDocument; tofuPin: string | null } | null = null;
  const fetches = { n: 0 };
  const serve = over.serve ?? (() => docFor());
  const trust = new KeySetTrust({
    sodium: async () => {
      await sodium.ready;
      return sodium;
    },
    fetchDocument: async () => {
      fetches.n += 1;
      return serve();
    },
    pin,
    allowTofu: false,
    persisted: { load: async () => saved, save: async (s) => void (saved = s) },
    cacheMs: 60_000,
    now: () => now,
    warn: (m) => warnings.push(m),
    ...over,
  });
  return { trust, warnings, fetches, advance: (ms: number) => (now += ms), saved: () => saved };
}

describe('KeySetTrust', () => {
  it('accepts listed, in-date kids of a pinned key set and refuses others', async () => {
    const { trust, fetches } = setup();
    expect(await trust.acceptsKid('intake-2')).toBe(true);
    expect(await trust.acceptsKid('intake-1')).toBe(false); // past its notAfter
    expect(await trust.acceptsKid('nope')).toBe(false);
    expect(fetches.n).toBe(1); // cached; an unknown kid right after a fetch does not refetch
  });

  it('refuses a key set signed by a key other than the pinned one', async () => {
    const { trust, warnings } = setup({ serve: () => docFor(generateEd25519KeyPair().privateKey) });
    expect(await trust.acceptsKid('intake-2')).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/refused \(bad-pin\)/);
  });

  it('refuses a tampered key set', async () => {
    const tampered = () => {
      const d = docFor();
      return { ...d, payload: { ...d.payload, keys: [{ ...d.payload.keys[0]!, publicKey: x25519(9) }, d.payload.keys[1]!] } };
    };
    const { trust, warnings } = setup({ serve: tampered });
    expect(await trust.get()).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/bad-signature/);
  });

  it('keeps using the last verified copy when the portal is down, across a restart', async () => {
    const first = setup();
    expect(await first.trust.acceptsKid('intake-2')).toBe(true);
    const persisted = first.saved();
    const restarted = setup({
      serve: () => {
        throw new Error('connect ECONNREFUSED');
      },
      persisted: { load: async () => persisted, save: async () => {} },
    });
    expect(await restarted.trust.acceptsKid('intake-2')).toBe(true);
    expect(restarted.warnings.join('\n')).toMatch(/could not be fetched/);
  });

  it('has no key set at all when the portal was never reached', async () => {
    const { trust } = setup({
      serve: () => {
        throw new Error('connect ECONNREFUSED');
      },
    });
    expect(await trust.acceptsKid('intake-2')).toBeUndefined();
  });

  it('fetches again after the cache time', async () => {
    const { trust, fetches, advance } = setup();
    await trust.get();
    advance(61_000);
    await trust.get();
    expect(fetches.n).toBe(2);
  });

  it('trusts the first key set on first use in development, then holds to that key', async () => {
    let key = signer.privateKey;
    const { trust, warnings, advance } = setup({ pin: null, allowTofu: true, serve: () => docFor(key) });
    expect(await trust.acceptsKid('intake-2')).toBe(true);
    expect(trust.effectivePin()).toBe(pin);
    expect(warnings.join('\n')).toMatch(/on first use/);
    key = generateEd25519KeyPair().privateKey;
    advance(61_000);
    await trust.get();
    expect(warnings.join('\n')).toMatch(/bad-pin/);
  });

  it('never trusts on first use when that is not allowed (production)', async () => {
    const { trust } = setup({ pin: null, allowTofu: false });
    expect(await trust.get()).toBeUndefined();
  });
});
