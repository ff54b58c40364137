/** Which token a rule is about: content-API tokens, admin tokens, data-transfer tokens. */
export type TokenKind = 'content-api' | 'admin' | 'transfer';

interface TokenInput {
  type?: unknown;
  lifespan?: unknown;
}

/**
 * The API token rules: no full-access content-API token (give a token the
 * smallest set of actions it needs), and every token expires. Returns the
 * refusal, or undefined. On update only what is being changed is checked.
 */
export function tokenRefusal(kind: TokenKind, input: TokenInput, op: 'create' | 'update'): string | undefined {
  if (kind === 'content-api' && input.type === 'full-access') {
    return 'Full-access API tokens are not allowed here: create a read-only or custom token with only the actions it needs.';
  }
  const expires = typeof input.lifespan === 'number' && Number.isFinite(input.lifespan) && input.lifespan > 0;
  const touched = op === 'create' || Object.prototype.hasOwnProperty.call(input, 'lifespan');
  if (touched && !expires) return 'Tokens must expire: choose a duration (for example 7, 30 or 90 days) instead of "unlimited".';
  return undefined;
}
