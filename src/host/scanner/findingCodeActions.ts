import * as vscode from 'vscode';
import { isDeadKey, isKeptLocally, DIAGNOSTIC_SOURCE, type FindingView } from './findingDiagnostic';
import type { FindingStore } from './findingStore';
import { allowCommentFix, envVarReplacement, type FixSource, type TextFix } from './envVarReplacement';

/** Arguments of the quick fixes' commands; `interactive` makes failures show as notifications. */
export interface RevokeFindingArgs {
  readonly uid: string;
  readonly interactive?: boolean;
}

export interface IgnoreFindingArgs {
  readonly uri: string;
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly line: number;
  readonly interactive?: boolean;
}

/**
 * Quick fixes on a finding: revoke the key in Palette (known keys of the active connection),
 * replace the value with an environment variable reference, ignore the finding in
 * `.palette-keys-ignore`, or silence it with a `palette-keys:allow` comment.
 */
export class FindingCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly store: FindingStore) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
    const views = this.store.viewsAt(document.uri, range)
      .filter((view) => ours.length === 0 || ours.some((diagnostic) => diagnostic.range.isEqual(view.diagnostic.range)));
    const source = fixSource(document);
    return views.flatMap((view) => this.actionsFor(document, source, view));
  }

  private actionsFor(document: vscode.TextDocument, source: FixSource, view: FindingView): vscode.CodeAction[] {
    const { finding, known } = view;
    const actions: vscode.CodeAction[] = [];
    const action = (title: string): vscode.CodeAction => {
      const created = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      created.diagnostics = [view.diagnostic];
      actions.push(created);
      return created;
    };
    if (known?.revocableUid && known.key) {
      const revoke = action(`Revoke "${known.key.name}" in Palette`);
      const args: RevokeFindingArgs = { uid: known.revocableUid, interactive: true };
      revoke.command = { command: 'paletteKeys.revokeLeakedKey', title: revoke.title, arguments: [args] };
      // In a git-ignored, untracked file the key is where it belongs: revoking is offered, not preferred.
      revoke.isPreferred = !isKeptLocally(known, view.keptOutOfGit === true);
    }
    const singleLine = finding.line === finding.endLine;
    if (singleLine && finding.encoding === 'plain') {
      const replacement = envVarReplacement(source, { line: finding.line - 1, start: finding.column - 1, end: finding.endColumn - 1 });
      if (replacement) {
        const replace = action(replacement.title);
        replace.edit = toWorkspaceEdit(document.uri, replacement);
        replace.isPreferred = !known?.revocableUid && !isDeadKey(known) && !isKeptLocally(known, view.keptOutOfGit === true);
        // The value is in secret storage: the reference can be filled at once, in this window's terminals.
        if (known?.kind === 'kept' && known.key && known.revocableUid) {
          const inTerminals = action(`${replacement.title}, and use "${known.key.name}" in terminals`);
          inTerminals.edit = toWorkspaceEdit(document.uri, replacement);
          inTerminals.command = { command: 'paletteKeys.useInTerminals', title: inTerminals.title, arguments: [{ uid: known.revocableUid, interactive: true }] };
        }
      }
    }
    const ignore = action('Ignore this finding (add it to .palette-keys-ignore)');
    const ignoreArgs: IgnoreFindingArgs = { uri: document.uri.toString(), fingerprint: finding.fingerprint, ruleId: finding.ruleId, line: finding.line, interactive: true };
    ignore.command = { command: 'paletteKeys.ignoreFinding', title: ignore.title, arguments: [ignoreArgs] };
    const allow = allowCommentFix(source, finding.line - 1);
    if (allow) action(allow.title).edit = toWorkspaceEdit(document.uri, allow);
    return actions;
  }
}

function fixSource(document: vscode.TextDocument): FixSource {
  return {
    fileName: document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.path,
    lineCount: document.lineCount,
    lineAt: (line) => document.lineAt(line).text,
  };
}

function toWorkspaceEdit(uri: vscode.Uri, fix: TextFix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const change of fix.edits) {
    edit.replace(uri, new vscode.Range(change.line, change.start, change.endLine ?? change.line, change.end), change.text);
  }
  return edit;
}
