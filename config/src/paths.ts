import path from 'node:path';

/** The repository root, found from this package's own location (config/dist or config/src). */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** Where development data and generated keys live unless PALISADE_HOME says otherwise. Git-ignored. */
export const defaultHome = path.join(repoRoot, '.palisade');
