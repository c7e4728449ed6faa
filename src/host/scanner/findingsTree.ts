import * as vscode from 'vscode';
import { Disposable } from '../lifecycle';
import type { FindingView } from './findingDiagnostic';
import type { IgnoreFindingArgs } from './findingCodeActions';
import type { FindingStore } from './findingStore';

/** A file with findings in the "Leaked keys" view. */
export class FindingFileNode {
  readonly kind = 'file';

  constructor(readonly uri: vscode.Uri, readonly children: readonly FindingNode[]) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.uri, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `findings:${this.uri.toString()}`;
    // The folder only: the file's problem count is drawn beside it from the diagnostics.
    const relative = vscode.workspace.asRelativePath(this.uri);
    item.description = relative.includes('/') ? relative.slice(0, relative.lastIndexOf('/')) : '';
    item.contextValue = 'paletteFindingFile';
    return item;
  }
}

/** One finding: the masked value and who the key is; clicking it reveals the line. Never the value. */
export class FindingNode {
  readonly kind = 'finding';

  constructor(readonly uri: vscode.Uri, readonly view: FindingView) {}

  /** What `paletteKeys.ignoreFinding` needs to add this finding to the ignore file. */
  get ignoreArgs(): IgnoreFindingArgs {
    const { finding } = this.view;
    return { uri: this.uri.toString(), fingerprint: finding.fingerprint, ruleId: finding.ruleId, line: finding.line, interactive: true };
  }

  toTreeItem(): vscode.TreeItem {
    const { finding, known, diagnostic } = this.view;
    // Short enough for a narrow side bar: who the key is (or its masked value); the rest in the description and tooltip.
    const label = known?.key ? `"${known.key.name}"` : known ? vscode.l10n.t('Known key') : finding.masked;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `finding:${this.uri.toString()}:${finding.fingerprint}:${finding.line}:${finding.column}`;
    item.description = known ? vscode.l10n.t('line {0} · {1}', finding.line, finding.masked) : vscode.l10n.t('line {0} · {1} confidence', finding.line, finding.confidence);
    item.accessibilityInformation = { label: diagnostic.message };
    item.tooltip = diagnostic.message;
    item.iconPath = SEVERITY_ICONS[diagnostic.severity];
    item.contextValue = known?.revocableUid ? 'paletteFinding:revocable' : 'paletteFinding';
    item.command = {
      command: 'vscode.open',
      title: vscode.l10n.t('Reveal'),
      arguments: [this.uri, { selection: diagnostic.range, preview: true } satisfies vscode.TextDocumentShowOptions],
    };
    return item;
  }
}

const SEVERITY_ICONS: Record<vscode.DiagnosticSeverity, vscode.ThemeIcon> = {
  [vscode.DiagnosticSeverity.Error]: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  [vscode.DiagnosticSeverity.Warning]: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  [vscode.DiagnosticSeverity.Information]: new vscode.ThemeIcon('info'),
  [vscode.DiagnosticSeverity.Hint]: new vscode.ThemeIcon('lightbulb'),
};

export type FindingsTreeNode = FindingFileNode | FindingNode;

/**
 * The "Leaked keys" view's data: the scanner's shown findings (what Problems lists from it), grouped
 * by file, most severe file first. Empty when clean, so the view's welcome text shows.
 */
export class FindingsTreeProvider extends Disposable implements vscode.TreeDataProvider<FindingsTreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly store: FindingStore) {
    super();
    this._register(store.onDidChange(() => this.changed.fire(undefined)));
  }

  getTreeItem(node: FindingsTreeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  getChildren(node?: FindingsTreeNode): FindingsTreeNode[] {
    if (node instanceof FindingFileNode) return [...node.children];
    if (node) return [];
    return this.fileNodes();
  }

  /** Every finding in the view, for the key details and the view's count. */
  findingNodes(): FindingNode[] {
    return this.fileNodes().flatMap((file) => [...file.children]);
  }

  private fileNodes(): FindingFileNode[] {
    const worst = (views: readonly FindingView[]) => Math.min(...views.map((view) => view.diagnostic.severity));
    return this.store.allViews()
      .sort((a, b) => worst(a.views) - worst(b.views) || a.uri.toString().localeCompare(b.uri.toString()))
      .map(({ uri, views }) => new FindingFileNode(uri, [...views]
        .sort((a, b) => a.finding.line - b.finding.line || a.finding.column - b.finding.column)
        .map((view) => new FindingNode(uri, view))));
  }
}
