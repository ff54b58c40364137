/** Plugin tables are the plugin's own business: never shown in the content manager or the builder. */
export const hidden = {
  'content-manager': { visible: false },
  'content-type-builder': { visible: false },
  i18n: { localized: false },
} as const;

export const internal = { configurable: false, private: true } as const;
