/**
 * RFC 9457 problem details for the intake path, shared so the portal produces
 * and the CMS (and the widget, through the CMS) recognizes the same types.
 * Bodies carry a type, a title and a short detail; never PHI, keys or stacks.
 */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const PROBLEM_TYPES = {
  schema: 'urn:palisade:problem:schema',
  signature: 'urn:palisade:problem:signature',
  conflict: 'urn:palisade:problem:conflict',
  tooLarge: 'urn:palisade:problem:too-large',
  unsupportedMediaType: 'urn:palisade:problem:unsupported-media-type',
  unprocessable: 'urn:palisade:problem:unprocessable',
  rateLimited: 'urn:palisade:problem:rate-limited',
  unavailable: 'urn:palisade:problem:unavailable',
} as const;

export type ProblemKind = keyof typeof PROBLEM_TYPES;
export type ProblemType = (typeof PROBLEM_TYPES)[ProblemKind];

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Machine-readable cause, e.g. a signature VerifyFailure such as "expired". */
  reason?: string;
}

/** The status and title each intake problem type is answered with. */
export const PROBLEM_DEFAULTS: Record<ProblemKind, { status: number; title: string }> = {
  schema: { status: 400, title: 'The request body does not match the schema' },
  signature: { status: 401, title: 'The request signature was not accepted' },
  conflict: { status: 409, title: 'This submission id was already used for different content' },
  tooLarge: { status: 413, title: 'The request body is too large' },
  unsupportedMediaType: { status: 415, title: 'The content type is not supported' },
  unprocessable: { status: 422, title: 'The submission cannot be processed' },
  rateLimited: { status: 429, title: 'Too many requests' },
  unavailable: { status: 503, title: 'The service is temporarily unavailable' },
};

export function problem(kind: ProblemKind, extra: { detail?: string; instance?: string; reason?: string } = {}): ProblemDetails {
  const { status, title } = PROBLEM_DEFAULTS[kind];
  return { type: PROBLEM_TYPES[kind], title, status, ...extra };
}

export function isProblemDetails(x: unknown): x is ProblemDetails {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as Record<string, unknown>;
  return typeof p.type === 'string' && typeof p.title === 'string' && Number.isInteger(p.status);
}
