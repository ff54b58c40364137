import type { OperationOutcome } from 'fhir/r4';

type IssueCode = OperationOutcome['issue'][number]['code'];

/** Client-facing FHIR errors. The text is shown as is, so it must never carry input, PHI or secrets. */
export class FhirError extends Error {
  constructor(
    readonly statusCode: number,
    readonly issueCode: IssueCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'FhirError';
  }
}

export const fhirNotFound = (what: string) => new FhirError(404, 'not-found', `${what} is not known.`);
export const fhirInvalid = (message: string) => new FhirError(400, 'invalid', message);
export const fhirForbidden = (message = 'The credentials do not allow this.') => new FhirError(403, 'forbidden', message);
export const fhirUnauthorized = (message = 'Authenticate with a staff session or a bearer token.') =>
  new FhirError(401, 'login', message, { 'www-authenticate': 'Bearer realm="palisade-fhir"' });

export function operationOutcome(code: IssueCode, text: string, severity: 'error' | 'fatal' | 'warning' = 'error'): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics: text }] };
}
