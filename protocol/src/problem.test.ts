import { isProblemDetails, problem, PROBLEM_DEFAULTS, PROBLEM_TYPES } from './problem';

describe('problem details', () => {
  it('builds a problem with its type URI, status and title, plus extras', () => {
    expect(problem('signature', { reason: 'expired' })).toEqual({
      type: 'urn:palisade:problem:signature',
      title: 'The request signature was not accepted',
      status: 401,
      reason: 'expired',
    });
  });

  it('lists every intake problem type under urn:palisade:problem with a 4xx or 503 status', () => {
    expect(Object.values(PROBLEM_TYPES).sort()).toEqual(
      ['conflict', 'rate-limited', 'schema', 'signature', 'too-large', 'unavailable', 'unprocessable', 'unsupported-media-type'].map(
        (s) => `urn:palisade:problem:${s}`,
      ),
    );
    expect(Object.values(PROBLEM_DEFAULTS).map((d) => d.status).sort()).toEqual([400, 401, 409, 413, 415, 422, 429, 503]);
  });

  it('recognizes problem bodies', () => {
    expect(isProblemDetails(problem('tooLarge'))).toBe(true);
    expect(isProblemDetails({ type: 'x', title: 'y', status: '400' })).toBe(false);
    expect(isProblemDetails(null)).toBe(false);
  });
});
