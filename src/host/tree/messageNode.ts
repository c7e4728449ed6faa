import * as vscode from 'vscode';

/** A line of status in the tree: loading, an error with Retry, an empty list, an active filter. */
export class MessageNode {
  readonly kind = 'message';

  constructor(
    private readonly id: string,
    private readonly label: string,
    private readonly icon: vscode.ThemeIcon,
    private readonly options: { description?: string; tooltip?: string; command?: vscode.Command; contextValue?: string } = {},
  ) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = `message:${this.id}`;
    item.iconPath = this.icon;
    if (this.options.description) item.description = this.options.description;
    if (this.options.tooltip) item.tooltip = this.options.tooltip;
    if (this.options.command) item.command = this.options.command;
    item.contextValue = this.options.contextValue ?? 'paletteMessage';
    return item;
  }
}
