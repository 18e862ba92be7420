import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/**
 * A page as the string a route sends. Preact escapes every text and attribute value it renders,
 * so a page built from components cannot emit a merchant's or a payer's text as markup; the
 * doctype is the one thing JSX cannot write.
 */
export function renderPage(page: VNode): string {
  return `<!doctype html>\n${renderToString(page)}`;
}
