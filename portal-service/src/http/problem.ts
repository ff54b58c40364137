import { PROBLEM_DEFAULTS, problem, type ProblemDetails, type ProblemKind } from '@palisade/protocol';

/**
 * An error that becomes an RFC 9457 problem of one of the protocol's types.
 * `detail` and `reason` are shown to the client: a fixed sentence and a code,
 * never input, PHI or key material.
 */
export class ProblemError extends Error {
  readonly statusCode: number;

  constructor(
    readonly kind: ProblemKind,
    readonly detail?: string,
    readonly reason?: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail ?? PROBLEM_DEFAULTS[kind].title);
    this.name = 'ProblemError';
    this.statusCode = PROBLEM_DEFAULTS[kind].status;
  }

  toProblem(): ProblemDetails {
    return problem(this.kind, { detail: this.detail, reason: this.reason });
  }
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusTitle(status: number): string {
  return STATUS_TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}
