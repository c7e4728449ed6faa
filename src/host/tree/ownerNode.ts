import * as vscode from 'vscode';
import type { KeyNode } from './keyNode';

/** A user's keys, for tenant admins; or the keys whose owner left the tenant. */
export class OwnerNode {
  readonly kind = 'owner';

  constructor(
    readonly ownerUid: string,
    private readonly label: string,
    readonly children: readonly KeyNode[],
    private readonly orphaned: boolean,
    /** Start collapsed (VS Code keeps what the user does with it afterwards, by the item's id). */
    private readonly collapsed = false,
  ) {}

  /** The tree item's id, stable across refreshes so VS Code (and the provider) can keep its state. */
  static itemIdOf(ownerUid: string, orphaned: boolean): string {
    return `owner:${orphaned ? 'orphaned' : ownerUid}`;
  }

  get itemId(): string {
    return OwnerNode.itemIdOf(this.ownerUid, this.orphaned);
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, this.collapsed ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.itemId;
    const warnings = this.children.filter((child) => child.status === 'expired' || child.status === 'expiring').length;
    const count = this.children.length === 1 ? vscode.l10n.t('1 key') : vscode.l10n.t('{0} keys', this.children.length);
    item.description = warnings > 0 ? `${count} · ${vscode.l10n.t('{0} need attention', warnings)}` : count;
    item.iconPath = this.orphaned
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon('person');
    item.contextValue = this.orphaned ? 'paletteOwner:orphaned' : 'paletteOwner';
    if (this.orphaned) {
      item.tooltip = vscode.l10n.t('Keys whose owner is no longer a user of this tenant. Palette does not remove them when a user is removed through OIDC/SAML: review and delete them.');
    }
    return item;
  }
}
