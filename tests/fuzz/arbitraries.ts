import fc from 'fast-check';
import type { EnvelopeV1 } from '@palisade/protocol';

/** One generated request: the bytes, their declared type, and which mutation made them (for the report). */
export interface FuzzCase {
  kind: string;
  contentType: string;
  body: string;
}

const json = (o: unknown): string => JSON.stringify(o);

/** Strings that are never a lowercase canonical UUID. */
const badUuid = fc.oneof(
  fc.string({ maxLength: 40 }).filter((s) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s)),
  fc.uuid().map((u) => u.toUpperCase()).filter((u) => /[A-F]/.test(u)),
  fc.uuid().map((u) => u.replaceAll('-', '')),
);

/** Ciphertexts the CMS can tell are wrong on their own: not canonical base64url, or shorter than a sealed box. */
const badCt = fc.oneof(
  fc.base64String({ minLength: 4, maxLength: 200 }).filter((s) => /[+/=]/.test(s)),
  fc.uint8Array({ minLength: 0, maxLength: 47 }).map((b) => Buffer.from(b).toString('base64url')),
  fc.string({ minLength: 1, maxLength: 120 }).filter((s) => /[^A-Za-z0-9_-]/.test(s)),
  fc.constant(''),
);

const wrongType = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));

/**
 * Mutations of a valid envelope that make it invalid by the contract (each one
 * must earn a 4xx): a bad field, a missing or extra key, a wrong version, an
 * unknown form or kid, and broken JSON or content types.
 */
export function envelopeMutations(valid: EnvelopeV1, opts: { maxBytes: number }): fc.Arbitrary<FuzzCase> {
  const base = { ...valid } as Record<string, unknown>;
  const keys = ['v', 'id', 'form', 'kid', 'ct'] as const;
  const asJson = (kind: string) => (o: unknown): FuzzCase => ({ kind, contentType: 'application/json', body: json(o) });
  return fc.oneof(
    badUuid.map((id) => asJson('bad-id')({ ...base, id })),
    badCt.map((ct) => asJson('bad-ct')({ ...base, ct })),
    fc.string({ maxLength: 140 }).filter((f) => !/^[a-z0-9][a-z0-9-]{0,127}$/.test(f)).map((form) => asJson('bad-form')({ ...base, form })),
    fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,40}$/).map((form) => asJson('unknown-form')({ ...base, form: `fuzz-${form}` })),
    fc.oneof(fc.string({ maxLength: 80 }).filter((k) => !/^[A-Za-z0-9._-]{1,64}$/.test(k)), fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/).map((k) => `fuzz-${k}`))
      .map((kid) => asJson('bad-or-unknown-kid')({ ...base, kid })),
    fc.oneof(fc.integer().filter((v) => v !== 1), fc.constant('1'), fc.constant(null)).map((v) => asJson('bad-version')({ ...base, v })),
    fc.constantFrom(...keys).map((k) => {
      const copy = { ...base };
      delete copy[k];
      return asJson(`missing-${k}`)(copy);
    }),
    // "__proto__" in an object literal sets the prototype instead of adding a key, which would send the valid envelope: define it as an own property.
    fc.tuple(fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !(keys as readonly string[]).includes(k)), fc.jsonValue({ maxDepth: 2 }))
      .map(([k, v]) => asJson('extra-key')(Object.defineProperty({ ...base }, k, { value: v, enumerable: true, configurable: true, writable: true }))),
    fc.tuple(fc.constantFrom(...keys), wrongType)
      .filter(([k, v]) => !(k === 'v' && v === 1))
      .map(([k, v]) => asJson(`wrong-type-${k}`)({ ...base, [k]: v })),
    fc.jsonValue({ maxDepth: 3 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v) || !('ct' in v)).map(asJson('arbitrary-json')),
    fc.string({ maxLength: 300 }).map((s): FuzzCase => ({ kind: 'not-json', contentType: 'application/json', body: `{${s}` })),
    fc.integer({ min: 1, max: json(valid).length - 1 }).map((n): FuzzCase => ({ kind: 'truncated', contentType: 'application/json', body: json(valid).slice(0, n) })),
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml')
      .map((ct): FuzzCase => ({ kind: 'content-type', contentType: ct, body: json(valid) })),
    fc.integer({ min: 1, max: 4096 }).map((extra): FuzzCase => ({
      kind: 'too-large',
      contentType: 'application/json',
      body: json({ ...base, ct: 'A'.repeat(opts.maxBytes + extra) }),
    })),
  );
}

/**
 * Bodies for the portal's intake, signed correctly by the CMS key: everything
 * the CMS-side mutations do, plus ciphertexts that are well-formed but do not
 * open with the kid's key (random bytes, a box sealed to another key).
 */
export function intakeMutations(valid: EnvelopeV1, opts: { maxBytes: number }): fc.Arbitrary<FuzzCase> {
  const base = { ...valid };
  return fc.oneof(
    { weight: 4, arbitrary: envelopeMutations(valid, opts) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.uuid(), fc.uint8Array({ minLength: 48, maxLength: 600 })).map(([id, b]): FuzzCase => ({
        kind: 'unopenable-ct',
        contentType: 'application/json',
        body: json({ ...base, id, ct: Buffer.from(b).toString('base64url') }),
      })),
    },
  );
}
