import type { SodiumLike } from '@palisade/protocol/browser';

/**
 * How libsodium arrives is decided by the entry point: the ES module imports a
 * split chunk, the classic script adds a second script. Either way it is only
 * fetched on the first interaction with the form, so the page stays light.
 */
let loader: (() => Promise<SodiumLike>) | undefined;
let loading: Promise<SodiumLike> | undefined;

export function setSodiumLoader(load: () => Promise<SodiumLike>): void {
  loader = load;
}

export function loadSodium(): Promise<SodiumLike> {
  if (!loader) return Promise.reject(new Error('no libsodium loader'));
  loading ??= loader().catch((err: unknown) => {
    loading = undefined; // a failed download may be retried
    throw err;
  });
  return loading;
}
