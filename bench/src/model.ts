/** One line of the results table. Figures are already formatted for the reader. */
export interface RowResult {
  row: string;
  measure: string;
  subject: string;
  baseline: string;
  /** subject / baseline (or the row's own figure against its goal), median over the rounds. */
  ratio: number | null;
  goal: string;
  /** null: the row reports only, or could not run. */
  met: boolean | null;
  /** Every number that the smoke test checks is finite. */
  numbers: number[];
  notes: string[];
}

export interface BenchOptions {
  quick: boolean;
  rounds: number;
  /** Seconds of each load run. */
  seconds: number;
  /** Cap on requests in one load run. */
  amount: number;
  connections: number;
  /** Submissions seeded for the staff inbox row. */
  inboxSizes: number[];
  /** Pass --cpu-prof to the servers under test, writing profiles here. */
  profileDir?: string;
  rows: Set<string>;
  out: string;
  /** Machine-readable results (the smoke test reads them). */
  json: string;
}

export class PendingError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'PendingError';
  }
}
