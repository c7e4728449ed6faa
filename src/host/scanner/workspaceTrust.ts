import * as vscode from 'vscode';

/**
 * Restricted Mode, for the scanner: in a workspace the user has not trusted, the workspace's own
 * `.palette-keys-ignore` is not applied (VS Code itself ignores the workspace values of the
 * settings package.json lists under `capabilities.untrustedWorkspaces.restrictedConfigurations`).
 * A freshly cloned repository must not be able to hide its own leaked keys.
 */
export function workspaceRestricted(): boolean {
  return !vscode.workspace.isTrusted;
}

/** The line the scan summary and the log add in Restricted Mode. */
export function restrictedModeNote(): string {
  return vscode.l10n.t('Restricted Mode: this workspace\'s scanner settings and .palette-keys-ignore are not applied until you trust it.');
}
