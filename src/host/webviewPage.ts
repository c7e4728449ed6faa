import { escapeHtml } from './escapeHtml';

/** The parts of a webview page; `head` and `body` are HTML the caller built and escaped. */
export interface WebviewPageParts {
  readonly csp: string;
  readonly title: string;
  readonly head: string;
  readonly body: string;
}

/** The HTML document every webview of this extension uses: its Content-Security-Policy first, then the rest. */
export function renderWebviewPage({ csp, title, head, body }: WebviewPageParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
${head}
</head>
<body>
${body}
</body>
</html>`;
}
