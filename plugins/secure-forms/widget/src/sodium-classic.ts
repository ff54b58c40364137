/** secure-forms-sodium.js: libsodium for the classic build, announced on a global the loader awaits. */
import sodium from 'libsodium-wrappers';

(globalThis as { PalisadeSodium?: Promise<unknown> }).PalisadeSodium = sodium.ready.then(() => sodium);
