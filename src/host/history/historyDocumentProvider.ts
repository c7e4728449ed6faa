import * as vscode from 'vscode';
import { runGit } from '../../core/scanner/history/gitProcess';

/** The URI scheme of files as they were in a commit; documents of a content provider are read-only. */
export const HISTORY_SCHEME = 'palette-history';

/** Historical files larger than this are not opened (the scan never reports in larger ones). */
const MAX_SHOWN_BYTES = 5 * 1024 * 1024;

interface HistoricalFile {
  readonly root: string;
  readonly commit: string;
  readonly file: string;
}

/**
 * The URI of `file` as it was in `commit`. The path ends with the file's own path, so the editor
 * picks its language and shows its name; the query says where to read it. Works without the
 * built-in git extension (in Restricted Mode and remote hosts too): it asks git directly.
 */
export function historicalFileUri(root: string, commit: string, file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: HISTORY_SCHEME, path: `/${commit.slice(0, 12)}/${file}`, query: JSON.stringify({ root, commit, file }) });
}

/** Serves `palette-history:` documents with `git show <commit>:<path>`, run without a shell. */
export class HistoryDocumentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const target = parse(uri);
    const spec = `${target.commit}:${target.file}`;
    const size = await runGit(target.root, ['cat-file', '-s', spec]);
    if (size.code !== 0) throw new Error(vscode.l10n.t('{0} is not in commit {1}.', target.file, target.commit.slice(0, 12)));
    if (Number(size.stdout.trim()) > MAX_SHOWN_BYTES) throw new Error(vscode.l10n.t('{0} is too large to show.', target.file));
    const shown = await runGit(target.root, ['cat-file', 'blob', spec]);
    if (shown.code !== 0) throw new Error(vscode.l10n.t('{0} is not in commit {1}.', target.file, target.commit.slice(0, 12)));
    return shown.stdout;
  }
}

function parse(uri: vscode.Uri): HistoricalFile {
  const parsed: unknown = JSON.parse(uri.query);
  const { root, commit, file } = (parsed ?? {}) as Partial<Record<keyof HistoricalFile, unknown>>;
  if (typeof root !== 'string' || typeof file !== 'string' || typeof commit !== 'string' || !/^[0-9a-f]{40}$/.test(commit)) {
    throw new Error('Not a historical file URI.');
  }
  return { root, commit, file };
}
