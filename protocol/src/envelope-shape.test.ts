import { badEnvelopes, badPayloads, goodEnvelope, goodPayload } from './envelope.fixtures';
import { isEnvelopeV1, isIsoDateTime, isSealedPayload, MIN_CIPHERTEXT_BYTES } from './envelope-shape';

describe('browser envelope guards', () => {
  it('accepts a well-formed envelope and payload', () => {
    expect(isEnvelopeV1(goodEnvelope)).toBe(true);
    expect(isSealedPayload(goodPayload)).toBe(true);
    expect(isSealedPayload({ ...goodPayload, submittedAt: '2026-03-01T12:15:30+02:00', answers: {} })).toBe(true);
  });

  it.each(badEnvelopes)('refuses an envelope with %s', (_label, value) => {
    expect(isEnvelopeV1(value)).toBe(false);
  });

  it.each(badPayloads)('refuses a payload with %s', (_label, value) => {
    expect(isSealedPayload(value)).toBe(false);
  });

  it('sets the ciphertext floor at a sealed empty message', () => {
    expect(MIN_CIPHERTEXT_BYTES).toBe(48);
  });

  it('checks the calendar, not only the pattern', () => {
    expect(isIsoDateTime('2026-02-31T00:00:00Z')).toBe(false);
    expect(isIsoDateTime('2026-02-29T00:00:00Z')).toBe(false);
    expect(isIsoDateTime('2028-02-29T00:00:00Z')).toBe(true);
    expect(isIsoDateTime('2026-02-28T24:00:00Z')).toBe(false);
  });
});
