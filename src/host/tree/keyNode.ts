import * as vscode from 'vscode';
import type { ApiKey } from '../../core/keys/apiKey';
import { classifyKey, describeExpiry, type KeyStatus } from '../../core/keys/expiry';

/** Icon and colour per status, from the theme so that every colour theme gets a fitting one. */
const STATUS_ICONS: Record<KeyStatus, vscode.ThemeIcon> = {
  active: new vscode.ThemeIcon('key', new vscode.ThemeColor('charts.green')),
  expiring: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  expired: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  revoked: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
};

const STATUS_LABELS: Record<KeyStatus, string> = {
  active: vscode.l10n.t('Active'),
  expiring: vscode.l10n.t('Expiring soon'),
  expired: vscode.l10n.t('Expired'),
  revoked: vscode.l10n.t('Revoked'),
};

export interface KeyNodeContext {
  readonly now: Date;
  readonly warningDays: number;
  /** Show the owner in the description (a flat list of several users' keys). */
  readonly showOwner: boolean;
  readonly orphaned: boolean;
  /** This extension holds the key's value (it created it), so the scanner knows it exactly. */
  readonly valueKnown: boolean;
  /** New integrated terminals of this window get this key (Use in Terminals). */
  readonly inTerminals?: boolean;
}

/** One API key in the tree. Wraps the domain object and builds a fresh `TreeItem` each time. */
export class KeyNode {
  readonly kind = 'key';

  constructor(readonly key: ApiKey, private readonly context: KeyNodeContext) {}

  get status(): KeyStatus {
    return classifyKey(this.key, this.context.now, this.context.warningDays);
  }

  toTreeItem(): vscode.TreeItem {
    const { key, context } = this;
    const status = this.status;
    const item = new vscode.TreeItem(key.name, vscode.TreeItemCollapsibleState.None);
    item.id = `key:${key.uid}`;
    const relative = status === 'revoked' ? vscode.l10n.t('revoked') : describeExpiry(key.expiry, context.now);
    // First, so a narrow sidebar does not cut it off.
    const parts = context.inTerminals ? [vscode.l10n.t('in terminals'), relative] : [relative];
    if (context.showOwner) parts.push(key.owner.displayName);
    if (context.orphaned) parts.push(vscode.l10n.t('owner removed'));
    item.description = parts.join(' · ');
    item.iconPath = context.inTerminals && (status === 'active' || status === 'expiring') ? terminalIcon(status) : STATUS_ICONS[status];
    // Menus match on this: paletteKey:<status>[:orphan][:valueKnown][:inTerminals].
    item.contextValue = ['paletteKey', status, context.orphaned ? 'orphan' : '', context.valueKnown ? 'valueKnown' : '', context.inTerminals ? 'inTerminals' : '']
      .filter(Boolean).join(':');
    item.tooltip = this.tooltip(status, relative);
    // A click shows the details (never the value, which Palette does not give out again).
    item.command = { command: 'paletteKeys.showKeyDetails', title: vscode.l10n.t('Show Details'), arguments: [{ uid: key.uid, interactive: true }] };
    item.accessibilityInformation = { label: [key.name, STATUS_LABELS[status], relative, key.owner.displayName, ...(context.inTerminals ? [vscode.l10n.t('in terminals')] : [])].join(', ') };
    return item;
  }

  private tooltip(status: KeyStatus, relative: string): vscode.MarkdownString {
    const { key, context } = this;
    const rows: Array<[string, string]> = [
      [vscode.l10n.t('State'), `${STATUS_LABELS[status]} (${relative})`],
      [vscode.l10n.t('Expires'), key.expiry.toUTCString()],
      [vscode.l10n.t('Owner'), context.orphaned ? vscode.l10n.t('{0} (no longer a user of this tenant)', key.owner.displayName) : key.owner.displayName],
      [vscode.l10n.t('UID'), key.uid],
    ];
    if (key.createdAt) rows.push([vscode.l10n.t('Created'), key.createdAt.toUTCString()]);
    if (key.lastModifiedAt) rows.push([vscode.l10n.t('Last modified'), key.lastModifiedAt.toUTCString()]);
    if (context.inTerminals) rows.push([vscode.l10n.t('Terminals'), vscode.l10n.t('new terminals of this window get it as SPECTROCLOUD_APIKEY and PALETTE_API_KEY')]);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escapeMarkdown(key.name)}**\n\n`);
    if (key.description) tooltip.appendMarkdown(`${escapeMarkdown(key.description)}\n\n`);
    tooltip.appendMarkdown(rows.map(([label, value]) => `${label}: ${escapeMarkdown(value)}`).join('  \n'));
    return tooltip;
  }
}

/** The terminal icon in the colour of the key's state: terminals of this window use this key. */
function terminalIcon(status: 'active' | 'expiring'): vscode.ThemeIcon {
  return new vscode.ThemeIcon('terminal', STATUS_ICONS[status].color);
}

/** Key names and descriptions come from the server: never let them inject markup or links. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}
