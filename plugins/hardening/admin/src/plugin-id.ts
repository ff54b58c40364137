export const PLUGIN_ID = 'hardening';
export const READ_ACTION = 'plugin::hardening.read';
