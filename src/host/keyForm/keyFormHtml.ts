import { escapeHtml } from '../escapeHtml';
import { renderWebviewPage } from '../webviewPage';

/** What the key form page needs from the host; plain strings so this file stays free of `vscode`. */
export interface KeyFormHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce per page load. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title: string;
  /** `vscode.l10n.bundle`: the display language's translations (none for English), read by the page's `@vscode/l10n`. */
  l10nBundle?: Record<string, string>;
}

/** The `<meta>` the webview reads its translations from (webview/src/l10n.ts). */
export const L10N_META_NAME = 'palette-l10n';

/** The strict Content-Security-Policy of the key form: nothing inline, nothing remote, no eval. */
export function keyFormCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The key form's HTML shell: the bundle builds the DOM itself, so the page holds no data, only the
 * CSP, the stylesheet, the script and the display language's translations.
 */
export function renderKeyFormHtml(options: KeyFormHtmlOptions): string {
  const { cspSource, nonce, scriptUri, styleUri, title, l10nBundle } = options;
  return renderWebviewPage({
    csp: keyFormCsp(cspSource, nonce),
    title,
    head: [
      ...(l10nBundle ? [`<meta name="${L10N_META_NAME}" content="${escapeHtml(JSON.stringify(l10nBundle))}">`] : []),
      `<link rel="stylesheet" nonce="${escapeHtml(nonce)}" href="${escapeHtml(styleUri)}">`,
    ].join('\n'),
    body: `<main id="app"></main>\n<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptUri)}"></script>`,
  });
}
