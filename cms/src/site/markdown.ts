import MarkdownIt from 'markdown-it';
import { raw, type SafeHtml } from './html';

// Editors write markdown; raw HTML in it is never rendered, so a compromised
// editor account cannot inject script into the public site.
const md = new MarkdownIt({ html: false, linkify: false, typographer: true });

export const markdown = (source: string | null | undefined): SafeHtml => raw(md.render(source ?? ''));
