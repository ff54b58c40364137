import { ARGON2_FLOOR, PasswordHasher, parseArgon2Hash } from './password';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('writes argon2id hashes at or above the OWASP floor, salted (two hashes differ)', async () => {
    const a = await hasher.hash('tangerine ocean ladder');
    const b = await hasher.hash('tangerine ocean ladder');
    expect(a).not.toEqual(b);
    const params = parseArgon2Hash(a);
    expect(params).toBeDefined();
    expect(params?.algorithm).toBe('argon2id');
    expect(params?.iterations).toBeGreaterThanOrEqual(ARGON2_FLOOR.opsLimit);
    expect((params?.memoryKiB ?? 0) * 1024).toBeGreaterThanOrEqual(ARGON2_FLOOR.memLimitBytes);
    expect(params?.parallelism).toBe(1);
  });

  it('does not truncate: the 65th character matters', async () => {
    const base = 'x'.repeat(40) + ' this passphrase keeps going'; // 67 chars
    const pw = base.slice(0, 65);
    const other = pw.slice(0, 64) + (pw[64] === 'Z' ? 'Y' : 'Z');
    const hash = await hasher.hash(pw);
    expect(await hasher.verify(hash, pw)).toBe(true);
    expect(await hasher.verify(hash, other)).toBe(false);
    expect(await hasher.verify(hash, pw.slice(0, 64))).toBe(false);
  });

  it('treats NFC and NFD forms of the same text as the same password', async () => {
    const hash = await hasher.hash('caf\u00e9 au lait');
    expect(await hasher.verify(hash, 'cafe\u0301 au lait')).toBe(true);
  });

  it('refuses non-argon2id hashes and junk', async () => {
    expect(await hasher.verify('not a hash', 'anything')).toBe(false);
    expect(await hasher.verify('$argon2i$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g', 'anything')).toBe(false);
  });

  it('refuses to be configured below the floor', () => {
    expect(() => new PasswordHasher({ opsLimit: 1, memLimitBytes: 64 * 1024 * 1024 })).toThrow(/floor/);
    expect(() => new PasswordHasher({ opsLimit: 2, memLimitBytes: 8 * 1024 * 1024 })).toThrow(/floor/);
  });

  it('flags hashes weaker than today\'s cost for upgrade', async () => {
    const floor = new PasswordHasher({ opsLimit: 2, memLimitBytes: ARGON2_FLOOR.memLimitBytes });
    const weak = await floor.hash('tangerine ocean ladder');
    expect(await hasher.needsRehash(weak)).toBe(true);
    expect(await hasher.needsRehash(await hasher.hash('tangerine ocean ladder'))).toBe(false);
  });
});
