export type WidgetErrorCode =
  | 'invalid-answers'
  | 'keyset-unavailable'
  | 'keyset-malformed'
  | 'keyset-bad-pin'
  | 'keyset-bad-signature'
  | 'keyset-no-current-key'
  | 'crypto-unavailable';

/** The visitor-facing text of each refusal: plain words, and never the answers. */
export const WIDGET_ERROR_TEXT: Record<WidgetErrorCode, string> = {
  'invalid-answers': 'Please correct the highlighted answers.',
  'keyset-unavailable': 'The secure connection to the clinic could not be set up. Nothing was sent. Please try again in a moment.',
  'keyset-malformed': "The clinic's encryption key could not be verified, so this form will not encrypt your answers. Nothing was sent.",
  'keyset-bad-pin': "The clinic's encryption key could not be verified, so this form will not encrypt your answers. Nothing was sent.",
  'keyset-bad-signature': "The clinic's encryption key could not be verified, so this form will not encrypt your answers. Nothing was sent.",
  'keyset-no-current-key': "The clinic's encryption key has expired, so this form will not encrypt your answers. Nothing was sent.",
  'crypto-unavailable': 'This browser cannot encrypt the form securely. Please use an up-to-date browser over HTTPS.',
};

export class WidgetError extends Error {
  constructor(
    readonly code: WidgetErrorCode,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(WIDGET_ERROR_TEXT[code]);
    this.name = 'WidgetError';
  }
}
