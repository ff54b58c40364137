/** What one bounded load run does; sent to the load worker over IPC. */
export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  connections: number;
  /** Upper bound in seconds. */
  durationSeconds: number;
  /** Upper bound in requests; the run stops at whichever bound comes first. */
  amount: number;
  headers?: Record<string, string>;
  /** Fixed body for every request. */
  body?: string;
  /** A JSON file holding `PreparedRequest[]`, sent in order (each at most once). */
  requestsFile?: string;
}

export interface PreparedRequest {
  /** Replaces the spec URL's path (and query) for this request. */
  path?: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  seconds: number;
  /** Count per HTTP status, to say why a run was refused. */
  statuses: Record<string, number>;
}
