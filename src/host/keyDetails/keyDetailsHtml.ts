import { escapeHtml } from '../escapeHtml';
import { renderWebviewPage } from '../webviewPage';
import type { KeyDetails } from './keyDetailsModel';

/** The labels of the page's sections, localised by the host. */
export interface KeyDetailsLabels {
  readonly value: string;
  readonly findings: string;
  readonly noFindings: string;
  readonly actions: string;
  readonly line: string;
}

/**
 * The details page: static HTML with no script at all (the CSP allows none), styled with the
 * theme's variables. Actions are `command:` links, which the panel allows only for its own
 * commands. Every text from the server is escaped.
 */
export function renderKeyDetailsHtml(details: KeyDetails, labels: KeyDetailsLabels, nonce: string, notice?: string): string {
  // The first row is the state: the only one coloured by it.
  const rows = details.fields.map((field, index) => `<tr><th scope="row">${escapeHtml(field.label)}</th>`
    + `<td${index === 0 ? ` class="status-${details.status}"` : ''}>${escapeHtml(field.value)}</td></tr>`).join('\n');
  const findings = details.findings.length === 0
    ? `<p class="muted">${escapeHtml(labels.noFindings)}</p>`
    : `<ul>${details.findings.map((finding) => `<li><a href="${commandUri('vscode.open', [finding.target])}">${escapeHtml(finding.file)}</a> `
      + `<span class="muted">${escapeHtml(labels.line)} ${finding.line} · <code>${escapeHtml(finding.masked)}</code></span></li>`).join('')}</ul>`;
  const actions = details.actions
    .map((action) => `<a class="action" href="${commandUri(action.command, [{ uid: details.uid, interactive: true }])}">${escapeHtml(action.label)}</a>`)
    .join(' ');
  return renderWebviewPage({
    csp: `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'`,
    title: details.name,
    head: `<style nonce="${escapeHtml(nonce)}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 20px 20px; max-width: 760px; }
  h1 { font-size: 1.5em; font-weight: 600; margin-bottom: 0.2em; }
  h2 { font-size: 1.1em; font-weight: 600; margin-top: 1.6em; border-bottom: 1px solid var(--vscode-widget-border, transparent); padding-bottom: 4px; }
  table { border-collapse: collapse; }
  th { text-align: left; font-weight: normal; color: var(--vscode-descriptionForeground); padding: 3px 16px 3px 0; vertical-align: top; white-space: nowrap; }
  td { padding: 3px 0; word-break: break-all; }
  .muted { color: var(--vscode-descriptionForeground); }
  a { color: var(--vscode-textLink-foreground); }
  a.action { display: inline-block; margin: 0 12px 8px 0; }
  code { font-family: var(--vscode-editor-font-family); }
  .status-expired, .status-revoked { color: var(--vscode-errorForeground); }
  .status-expiring { color: var(--vscode-editorWarning-foreground); }
  .notice { border-left: 3px solid var(--vscode-editorWarning-foreground); padding: 4px 10px; background: var(--vscode-textBlockQuote-background); }
</style>`,
    body: `${notice ? `<p class="notice" role="status">${escapeHtml(notice)}</p>\n` : ''}<h1>${escapeHtml(details.name)}</h1>
${details.description ? `<p>${escapeHtml(details.description)}</p>` : ''}
<table>
${rows}
</table>
<h2>${escapeHtml(labels.value)}</h2>
<p>${escapeHtml(details.valueKept)}</p>
<h2>${escapeHtml(labels.findings)}</h2>
${findings}
<h2>${escapeHtml(labels.actions)}</h2>
<p>${actions}</p>`,
  });
}

/** A `command:` link with its arguments, as VS Code reads them (a JSON array, URI-encoded). */
function commandUri(command: string, args: unknown[]): string {
  return escapeHtml(`command:${command}?${encodeURIComponent(JSON.stringify(args))}`);
}
