/** The public API shared by both bundles. */
export { fetchDefinition, parseDefinition, DefinitionError, type FieldDefinition, type FormDefinition } from './definition';
export { encryptSubmission, fetchKeySet, type EncryptOptions, type KeySetInput } from './encrypt';
export { WidgetError, WIDGET_ERROR_TEXT, type WidgetErrorCode } from './errors';
export { mount, type MountOptions, type MountedForm } from './mount';
export { postEnvelope, type PostOutcome } from './post';
export { validateAnswers, type Answers, type FieldError } from './validate';
export { loadSodium } from './sodium';
