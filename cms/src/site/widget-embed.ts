import type { CmsConfig } from '@palisade/config';

/** Where the demo site loads the secure-forms widget from, and the key-set pin it gives it. */
export function widgetEmbed(_config: CmsConfig): { src: string; keysetPin: string } {
  return { src: '/secure-forms/widget/secure-forms.js', keysetPin: '' };
}
