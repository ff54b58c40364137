export const PLUGIN_ID = 'secure-forms';

/** The admin permission that opens the plugin page and its admin API. */
export const READ_ACTION = `plugin::${PLUGIN_ID}.read`;
