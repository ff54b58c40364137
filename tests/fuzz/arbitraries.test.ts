import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { EnvelopeV1Schema, type EnvelopeV1 } from '@palisade/protocol';
import { envelopeMutations, intakeMutations } from './arbitraries';

const valid: EnvelopeV1 = { v: 1, id: randomUUID(), form: 'new-patient-intake', kid: 'k-1', ct: Buffer.alloc(80, 7).toString('base64url') };

/** Kinds that are schema-valid on purpose: the server must refuse them for another reason (form, kid, type, size). */
const REFUSED_ELSEWHERE = new Set(['unknown-form', 'bad-or-unknown-kid', 'content-type', 'too-large', 'unopenable-ct']);

function schemaValid(body: string): boolean {
  try {
    return EnvelopeV1Schema.safeParse(JSON.parse(body)).success;
  } catch {
    return false;
  }
}

describe('fuzz arbitraries', () => {
  it('never produce a schema-valid envelope except where the server must refuse it for a named reason', () => {
    const cases = fc.sample(envelopeMutations(valid, { maxBytes: 1024 }), { numRuns: 3000, seed: 42 });
    const slipped = cases.filter((c) => !REFUSED_ELSEWHERE.has(c.kind) && schemaValid(c.body));
    expect(slipped).toEqual([]);
  });

  it('keep the original form and kid in every schema-valid case, changing one thing the server checks', () => {
    const cases = fc.sample(intakeMutations(valid, { maxBytes: 1024 }), { numRuns: 3000, seed: 7 });
    for (const c of cases.filter((x) => x.contentType === 'application/json' && schemaValid(x.body))) {
      const e = JSON.parse(c.body) as EnvelopeV1;
      const changed = [e.form !== valid.form, e.kid !== valid.kid, e.ct !== valid.ct, c.body.length > 1024].filter(Boolean).length;
      expect({ kind: c.kind, changed: changed >= 1 }).toEqual({ kind: c.kind, changed: true });
    }
  });

  it('never send the valid envelope itself (v = 1 drawn as a "wrong type" once did)', () => {
    const cases = fc.sample(envelopeMutations(valid, { maxBytes: 1024 }), { numRuns: 10_000, seed: 20261204 });
    expect(cases.filter((c) => c.contentType === 'application/json' && c.body === JSON.stringify(valid)).map((c) => c.kind)).toEqual([]);
  });

  it('are reproducible from the seed', () => {
    const a = fc.sample(envelopeMutations(valid, { maxBytes: 1024 }), { numRuns: 50, seed: 1 });
    const b = fc.sample(envelopeMutations(valid, { maxBytes: 1024 }), { numRuns: 50, seed: 1 });
    expect(a).toEqual(b);
  });
});
