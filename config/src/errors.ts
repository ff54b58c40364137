/** One problem with one variable, phrased for the operator who has to fix it. */
export interface ConfigIssue {
  variable: string;
  problem: string;
}

/**
 * Thrown when the environment cannot produce a valid configuration. The message
 * names every bad variable so that a process can print it and exit; it never
 * repeats a value, because the value might be a secret.
 */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(
      'Invalid configuration:\n' +
        issues.map((i) => `  - ${i.variable}: ${i.problem}`).join('\n') +
        '\nSee .env.example for every variable and its default.',
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
