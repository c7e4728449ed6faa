import * as vscode from 'vscode';
import type { TerminalKey } from './terminalKeyEnvironment';

/** One line naming the key new terminals get, for the status bar item's tooltip; undefined when none. */
export function describeTerminalKey(key: TerminalKey | undefined): string | undefined {
  return key ? vscode.l10n.t('New terminals use "{0}" (SPECTROCLOUD_APIKEY, PALETTE_API_KEY)', key.name) : undefined;
}

/**
 * Adds the terminals' key to a status bar item already filled in: a terminal icon after its text
 * and a line under its tooltip. Call it last in the item's update.
 */
export function showTerminalKey(item: vscode.StatusBarItem, key: TerminalKey | undefined): void {
  const line = describeTerminalKey(key);
  if (!line) return;
  item.text = `${item.text} $(terminal)`;
  item.tooltip = typeof item.tooltip === 'string' || item.tooltip === undefined ? [item.tooltip, line].filter(Boolean).join('\n') : item.tooltip.appendText(`\n${line}`);
}
