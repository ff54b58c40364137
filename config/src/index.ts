export { ConfigError, type ConfigIssue } from './errors';
export { allVariables, type Env, type VariableSpec } from './define';
export { loadCmsConfig, cmsVariables, type CmsConfig } from './cms';
export { loadPortalConfig, portalVariables, type PortalConfig, type TrustedCmsKey } from './portal';
export { common as commonVariables } from './common';
export { repoRoot, defaultHome } from './paths';
export { DEV_CMS_KEY_ID, readDevKeySetPin, writeDevKeySetPin } from './dev-secrets';
export { exitOnConfigError } from './exit';
export { renderEnvExample, renderMarkdownTable } from './docs';
