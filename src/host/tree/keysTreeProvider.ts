import * as vscode from 'vscode';
import type { ApiKey } from '../../core/keys/apiKey';
import { applyKeyFilter, isEmptyFilter, type KeyFilter } from '../../core/keys/keyFilter';
import { findOrphans } from '../../core/keys/review';
import { Disposable } from '../lifecycle';
import type { PaletteSession } from '../session/paletteSession';
import { describeError } from '../errorPresenter';
import { KeyNode } from './keyNode';
import { MessageNode } from './messageNode';
import { OwnerNode } from './ownerNode';

/** Up to this many owner groups all start expanded; beyond it, only the signed-in user's does. */
export const EXPANDED_GROUPS_AT_MOST = 3;

export type KeysTreeNode = KeyNode | OwnerNode | MessageNode;

export interface KeysTreeOptions {
  readonly now: () => Date;
  readonly warningDays: () => number;
  /** Uids of keys whose value this extension holds, for the active connection. */
  readonly knownValueUids: () => ReadonlySet<string>;
  /** Uid of the key new integrated terminals get (Use in Terminals), if any. */
  readonly terminalKeyUid?: () => string | undefined;
}

/**
 * The "API Keys" view's data: a flat list sorted by expiry for users, grouped by owner for tenant
 * admins (with orphaned keys apart), plus loading, error and empty states as tree items.
 */
export class KeysTreeProvider extends Disposable implements vscode.TreeDataProvider<KeysTreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<KeysTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private filterValue: KeyFilter = {};
  /**
   * Groups the user opened or closed by hand, by item id: a refresh passes through "Loading…", which
   * drops the groups from the view, and VS Code would bring them back in their initial state.
   */
  private readonly expandedByUser = new Map<string, boolean>();

  constructor(private readonly session: PaletteSession, private readonly options: KeysTreeOptions) {
    super();
    this._register(session.onDidChangeState(() => this.changed.fire(undefined)));
  }

  get filter(): KeyFilter {
    return this.filterValue;
  }

  setFilter(filter: KeyFilter): void {
    this.filterValue = filter;
    this.changed.fire(undefined);
  }

  /** Keeps a group's state as the user left it (the view's expand and collapse events). */
  rememberExpansion(node: KeysTreeNode, expanded: boolean): void {
    if (node instanceof OwnerNode) this.expandedByUser.set(node.itemId, expanded);
  }

  /** Rebuilds the items, e.g. when relative dates or settings changed. */
  redraw(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: KeysTreeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  getChildren(node?: KeysTreeNode): KeysTreeNode[] {
    if (node instanceof OwnerNode) return [...node.children];
    if (node) return [];
    return this.rootNodes();
  }

  /** Every key node currently in the tree, for tests and "reveal". */
  allKeyNodes(): KeyNode[] {
    return this.rootNodes().flatMap((node) => (node instanceof OwnerNode ? [...node.children] : node instanceof KeyNode ? [node] : []));
  }

  private rootNodes(): KeysTreeNode[] {
    const state = this.session.state;
    switch (state.kind) {
      case 'signedOut':
        // An empty tree lets the welcome view (viewsWelcome) guide the user.
        return [];
      case 'loading':
        return [new MessageNode('loading', vscode.l10n.t('Loading keys…'), new vscode.ThemeIcon('loading~spin'))];
      case 'error': {
        const problem = describeError(state.error);
        return [
          new MessageNode('error', vscode.l10n.t('Could not load keys'), new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')), {
            description: problem.message,
            tooltip: problem.message,
            contextValue: 'paletteMessage:error',
          }),
          new MessageNode('retry', vscode.l10n.t('Retry'), new vscode.ThemeIcon('refresh'), {
            command: { command: 'paletteKeys.refresh', title: vscode.l10n.t('Retry') },
          }),
          ...(problem.kind === 'unauthenticated'
            ? [new MessageNode('signIn', vscode.l10n.t('Sign in again…'), new vscode.ThemeIcon('sign-in'), {
                command: { command: 'paletteKeys.signIn', title: vscode.l10n.t('Sign In') },
              })]
            : []),
        ];
      }
      case 'ready':
        return this.keyNodes(state.keys, state.users, state.me);
    }
  }

  private keyNodes(keys: readonly ApiKey[], users: readonly { uid: string; displayName: string }[] | undefined, me: { userUid: string; isTenantAdmin: boolean }): KeysTreeNode[] {
    const isAdmin = me.isTenantAdmin;
    const now = this.options.now();
    const warningDays = this.options.warningDays();
    const known = this.options.knownValueUids();
    const terminalKeyUid = this.options.terminalKeyUid?.();
    const visible = applyKeyFilter(keys, this.filterValue, now, warningDays);
    const orphanUids = new Set(users ? findOrphans(keys, users).map((key) => key.uid) : []);
    const grouped = isAdmin && users !== undefined;
    const toNode = (key: ApiKey) => new KeyNode(key, {
      now,
      warningDays,
      showOwner: isAdmin && !grouped,
      orphaned: orphanUids.has(key.uid),
      valueKnown: known.has(key.uid),
      inTerminals: key.uid === terminalKeyUid,
    });
    const prefix: KeysTreeNode[] = isEmptyFilter(this.filterValue) ? [] : [
      new MessageNode('filter', vscode.l10n.t('Filtered: {0} of {1} keys', visible.length, keys.length), new vscode.ThemeIcon('filter'), {
        description: describeFilter(this.filterValue, users),
        command: { command: 'paletteKeys.clearFilter', title: vscode.l10n.t('Clear Filter') },
        tooltip: vscode.l10n.t('Click to clear the filter'),
      }),
    ];
    if (visible.length === 0) {
      const empty = keys.length === 0 ? vscode.l10n.t('No API keys yet') : vscode.l10n.t('No key matches the filter');
      return [...prefix, new MessageNode('empty', empty, new vscode.ThemeIcon('info'), keys.length === 0
        ? { command: { command: 'paletteKeys.createKey', title: vscode.l10n.t('Create API Key') }, description: vscode.l10n.t('Create one…') }
        : {})];
    }
    if (!grouped) return [...prefix, ...visible.map(toNode)];

    // Admins: one group per owner, owners ordered by their most urgent key; orphans last.
    const byOwner = new Map<string, ApiKey[]>();
    for (const key of visible) {
      const group = orphanUids.has(key.uid) ? '' : key.owner.uid;
      byOwner.set(group, [...(byOwner.get(group) ?? []), key]);
    }
    const names = new Map(users.map((user) => [user.uid, user.displayName]));
    // A tenant with many users would open as one long list: only the user's own group starts open.
    const collapseOthers = byOwner.size > EXPANDED_GROUPS_AT_MOST;
    const startsCollapsed = (itemId: string, byDefault: boolean) => !(this.expandedByUser.get(itemId) ?? !byDefault);
    const groups = [...byOwner.entries()]
      .filter(([ownerUid]) => ownerUid !== '')
      .map(([ownerUid, ownerKeys]) => new OwnerNode(ownerUid, names.get(ownerUid) ?? ownerKeys[0].owner.displayName, ownerKeys.map(toNode), false,
        startsCollapsed(OwnerNode.itemIdOf(ownerUid, false), collapseOthers && ownerUid !== me.userUid)));
    const orphans = byOwner.get('');
    if (orphans) {
      groups.push(new OwnerNode('', vscode.l10n.t('Orphaned keys'), orphans.map(toNode), true, startsCollapsed(OwnerNode.itemIdOf('', true), collapseOthers)));
    }
    return [...prefix, ...groups];
  }
}

function describeFilter(filter: KeyFilter, users: readonly { uid: string; displayName: string }[] | undefined): string {
  const parts: string[] = [];
  if (filter.statuses?.length) parts.push(filter.statuses.join(', '));
  if (filter.text?.trim()) parts.push(`"${filter.text.trim()}"`);
  if (filter.ownerUid) parts.push(users?.find((u) => u.uid === filter.ownerUid)?.displayName ?? filter.ownerUid);
  return parts.join(' · ');
}
