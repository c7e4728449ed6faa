import { escapeHtml } from '../escapeHtml';

/** What the key form page needs from the host; plain strings so this file stays free of `vscode`. */
export interface KeyFormHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce per page load. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title: string;
}

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
 * CSP, the stylesheet and the script.
 */
export function renderKeyFormHtml(options: KeyFormHtmlOptions): string {
  const { cspSource, nonce, scriptUri, styleUri, title } = options;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(keyFormCsp(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" nonce="${escapeHtml(nonce)}" href="${escapeHtml(styleUri)}">
</head>
<body>
<main id="app"></main>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>`;
}
