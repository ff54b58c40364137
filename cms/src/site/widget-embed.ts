import type { CmsConfig } from '@palisade/config';

/**
 * Where the demo site loads the secure-forms widget from (the plugin serves its
 * bundle), and the key-set pin the widget checks before it seals anything.
 */
export function widgetEmbed(config: CmsConfig): { src: string; keysetPin: string } {
  return { src: '/api/secure-forms/widget/secure-forms.js', keysetPin: config.keysetPin ?? '' };
}
