/**
 * ES module build (secure-forms.mjs). libsodium is a dynamic import, which
 * esbuild splits into its own chunk: fetched on the first interaction only.
 */
import type { SodiumLike } from '@palisade/protocol/browser';
import { setSodiumLoader } from './sodium';

setSodiumLoader(async () => {
  const mod = await import('libsodium-wrappers');
  const sodium = mod.default;
  await sodium.ready;
  return sodium as unknown as SodiumLike;
});

export * from './api';
