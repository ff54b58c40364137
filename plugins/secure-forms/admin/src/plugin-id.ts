export const PLUGIN_ID = 'secure-forms';
export const READ_ACTION = `plugin::${PLUGIN_ID}.read`;
