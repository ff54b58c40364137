// Loaded by the admin panel's HTML shell before the panel's own module script.
// The panel bundles zod, which probes once for `new Function` (to compile
// faster parsers) when its schemas are created at module load. Under the
// admin's CSP (script-src 'self') the probe is blocked and falls back cleanly,
// but the browser still reports it as a CSP violation. zod's documented
// `jitless` switch, read from globalThis, skips the probe; it has to be set
// before any panel module runs, hence this file.
(globalThis.__zod_globalConfig = globalThis.__zod_globalConfig || {}).jitless = true;
