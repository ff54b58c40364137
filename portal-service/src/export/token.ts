import { createHmac, randomBytes } from 'node:crypto';

/**
 * Replaces submission ids with tokens keyed by a salt that exists only for one
 * export and is never stored: rows of one export can be told apart, but not
 * linked to a submission or to the same row in another export.
 */
export function createExportTokenizer(salt: Uint8Array = randomBytes(32)): (submissionId: string) => string {
  const key = Buffer.from(salt);
  return (submissionId) => createHmac('sha256', key).update(submissionId).digest('base64url').slice(0, 22);
}
