import * as vscode from 'vscode';
import type { HistoryFinding } from '../../core/scanner/history/historyFinding';
import type { KnownKeyInfo } from '../scanner/knownKeyDescriber';

/** One leak found in one workspace folder's history, with the folder it came from. */
export interface FolderFinding {
  readonly folder: vscode.WorkspaceFolder;
  readonly root: string;
  readonly finding: HistoryFinding;
}

/** A leaked value (one fingerprint in one folder): the commits and files that hold it are its children. */
export interface LeakNode {
  readonly kind: 'leak';
  readonly folder: vscode.WorkspaceFolder;
  readonly root: string;
  readonly fingerprint: string;
  readonly findings: readonly HistoryFinding[];
}

/** One file (or commit message) a leaked value was introduced into, at its introducing commit. */
export interface OccurrenceNode {
  readonly kind: 'occurrence';
  readonly leak: LeakNode;
  readonly finding: HistoryFinding;
}

export type HistoryTreeNode = LeakNode | OccurrenceNode;

/** What the tree asks about the keys it shows; the session and known-key fingerprints answer. */
export interface HistoryTreeContext {
  describe(knownKeyId: string): KnownKeyInfo | undefined;
  isIgnored(folder: vscode.WorkspaceFolder, fingerprint: string): boolean;
  multipleFolders(): boolean;
}

/**
 * "Leaks in Git History": one node per leaked key (fingerprint), errors first (known keys still
 * active), each with the files and commits that introduced it. Ignored fingerprints are left out.
 */
export class HistoryTreeProvider implements vscode.TreeDataProvider<HistoryTreeNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private leaks: LeakNode[] = [];

  constructor(private readonly context: HistoryTreeContext) {}

  /** Replaces the findings shown. */
  show(findings: readonly FolderFinding[]): void {
    const byKey = new Map<string, { folder: vscode.WorkspaceFolder; root: string; fingerprint: string; findings: HistoryFinding[] }>();
    for (const { folder, root, finding } of findings) {
      const key = `${folder.uri.toString()}\u0000${finding.fingerprint}`;
      const leak = byKey.get(key) ?? { folder, root, fingerprint: finding.fingerprint, findings: [] };
      leak.findings.push(finding);
      byKey.set(key, leak);
    }
    this.leaks = [...byKey.values()].map((leak) => ({ kind: 'leak', ...leak }));
    this.redraw();
  }

  redraw(): void {
    this.changed.fire();
  }

  /** The leaks on show (ignored ones left out), most urgent first. */
  visibleLeaks(): LeakNode[] {
    return this.leaks
      .filter((leak) => !this.context.isIgnored(leak.folder, leak.fingerprint))
      .sort((a, b) => urgency(this.stateOf(b)) - urgency(this.stateOf(a)) || (a.findings[0].date < b.findings[0].date ? -1 : 1));
  }

  getChildren(node?: HistoryTreeNode): HistoryTreeNode[] {
    if (node === undefined) return this.visibleLeaks();
    if (node.kind === 'leak') return node.findings.map((finding) => ({ kind: 'occurrence', leak: node, finding }));
    return [];
  }

  getParent(node: HistoryTreeNode): HistoryTreeNode | undefined {
    return node.kind === 'occurrence' ? node.leak : undefined;
  }

  getTreeItem(node: HistoryTreeNode): vscode.TreeItem {
    return node.kind === 'leak' ? this.leakItem(node) : occurrenceItem(node);
  }

  /** The known key a leak's value belongs to, when the scanner knows it. */
  knownKey(leak: LeakNode): KnownKeyInfo | undefined {
    const id = leak.findings[0].knownKeyId;
    return id === undefined ? undefined : this.context.describe(id);
  }

  private stateOf(leak: LeakNode): 'active' | 'inactive' | 'unknown' {
    const known = this.knownKey(leak);
    if (!known) return 'unknown';
    return known.state === 'active' || known.state === 'expiring' ? 'active' : known.state === 'unknown' ? 'unknown' : 'inactive';
  }

  private leakItem(leak: LeakNode): vscode.TreeItem {
    const first = leak.findings[0];
    const known = this.knownKey(leak);
    const state = this.stateOf(leak);
    const atHead = leak.findings.some((finding) => finding.presentAtHead);
    const name = known?.key?.name;
    // Short label and description: the sidebar is narrow. The tooltip says the rest.
    const item = new vscode.TreeItem(name ?? first.masked, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `leak:${leak.folder.uri.toString()}:${leak.fingerprint}`;
    const where = atHead ? vscode.l10n.t('in HEAD') : vscode.l10n.t('history only');
    const status = state === 'active' ? vscode.l10n.t('active') : known?.state === 'revoked' ? vscode.l10n.t('revoked') : known?.state === 'deleted' ? vscode.l10n.t('deleted') : undefined;
    item.description = [status, where, name !== undefined ? first.masked : undefined, this.context.multipleFolders() ? leak.folder.name : undefined].filter(Boolean).join(' · ');
    item.iconPath = state === 'active'
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
      : state === 'inactive'
        ? new vscode.ThemeIcon('pass')
        : new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.tooltip = leakAdvice(state, name, atHead);
    item.contextValue = `paletteHistoryLeak${known?.revocableUid !== undefined ? ':revocable' : ''}`;
    return item;
  }
}

/** Higher is more urgent: active known keys first, unknown values next, revoked or deleted keys last. */
function urgency(state: 'active' | 'inactive' | 'unknown'): number {
  return state === 'active' ? 2 : state === 'unknown' ? 1 : 0;
}

/** What to do about a leak; the same words as the scan's summary. */
export function leakAdvice(state: 'active' | 'inactive' | 'unknown', name: string | undefined, atHead: boolean): string {
  if (state === 'inactive') return vscode.l10n.t('This key is in the git history, but it no longer works in Palette.');
  const subject = name !== undefined ? vscode.l10n.t('The key "{0}"', name) : vscode.l10n.t('This value');
  const found = atHead ? vscode.l10n.t('{0} was committed and is still in the files.', subject) : vscode.l10n.t('{0} was committed and later removed from the files, but it is still in the git history.', subject);
  return `${found} ${vscode.l10n.t('Anyone with a clone can read it: revoke or rotate the key. Deleting it, or rewriting history, is not enough once the commits were pushed.')}`;
}

function occurrenceItem(node: OccurrenceNode): vscode.TreeItem {
  const { finding } = node;
  const slash = finding.file.lastIndexOf('/');
  const label = finding.source === 'message'
    ? vscode.l10n.t('commit message, line {0}', finding.line)
    : finding.source === 'author'
      ? vscode.l10n.t('author name')
      : `${finding.file.slice(slash + 1)}:${finding.line}`;
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = `occurrence:${node.leak.folder.uri.toString()}:${finding.fingerprint}:${finding.source}:${finding.file}`;
  // Folder first (the label has only the file name), then the commit and who made it.
  item.description = [slash > 0 ? finding.file.slice(0, slash) : undefined, finding.commit.slice(0, 8), finding.author].filter(Boolean).join(' · ');
  item.iconPath = finding.source === 'file' ? new vscode.ThemeIcon('git-commit') : new vscode.ThemeIcon('comment');
  const more = finding.occurrences > 1 ? `\n\n${vscode.l10n.t('Added again in {0} later commit(s).', finding.occurrences - 1)}` : '';
  // Plain text: an author name is not markdown.
  const where = finding.source === 'file' ? `${finding.file}:${finding.line}:${finding.column}\n` : '';
  item.tooltip = `${where}${vscode.l10n.t('Introduced in commit {0} by {1} on {2}.', finding.commit, finding.author, finding.date)}${more}\n\n${finding.message}`;
  item.contextValue = finding.source === 'file' ? 'paletteHistoryOccurrence:file' : 'paletteHistoryOccurrence';
  if (finding.source === 'file') {
    item.command = { command: 'paletteKeys.openHistoryFile', title: vscode.l10n.t('Open File at Commit'), arguments: [node] };
  }
  return item;
}
