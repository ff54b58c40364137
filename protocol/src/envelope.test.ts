import { badEnvelopes, badPayloads, goodEnvelope, goodPayload } from './envelope.fixtures';
import { EnvelopeV1Schema, SealedPayloadSchema } from './envelope';
import { isEnvelopeV1, isSealedPayload } from './envelope-shape';

describe('EnvelopeV1Schema', () => {
  it('parses a well-formed envelope unchanged', () => {
    expect(EnvelopeV1Schema.parse(goodEnvelope)).toEqual(goodEnvelope);
  });

  it.each(badEnvelopes)('refuses an envelope with %s, as the browser guard does', (_label, value) => {
    expect(EnvelopeV1Schema.safeParse(value).success).toBe(false);
    expect(isEnvelopeV1(value)).toBe(false);
  });

  it('names the offending field in the issue path', () => {
    const result = EnvelopeV1Schema.safeParse({ ...goodEnvelope, kid: 'a/b' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['kid']);
  });
});

describe('SealedPayloadSchema', () => {
  it('parses a well-formed payload unchanged', () => {
    expect(SealedPayloadSchema.parse(goodPayload)).toEqual(goodPayload);
  });

  it.each(badPayloads)('refuses a payload with %s, as the browser guard does', (_label, value) => {
    expect(SealedPayloadSchema.safeParse(value).success).toBe(false);
    expect(isSealedPayload(value)).toBe(false);
  });
});
