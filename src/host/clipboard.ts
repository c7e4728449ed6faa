import * as vscode from 'vscode';

/** The two clipboard calls `copySecret` needs; `vscode.env.clipboard` by default, a fake in tests. */
export interface SecretClipboard {
  readText(): Thenable<string>;
  writeText(value: string): Thenable<void>;
}

/** Default for `paletteKeys.clipboardClearSeconds`. */
export const DEFAULT_CLIPBOARD_CLEAR_SECONDS = 30;
const MAX_CLIPBOARD_CLEAR_SECONDS = 600;

/**
 * Copies a secret and, after `clearAfterSeconds` (0 = never), empties the clipboard, but only if
 * it still holds that secret: whatever the user copied since is left alone.
 */
export async function copySecret(
  value: string,
  clearAfterSeconds: number,
  clipboard: SecretClipboard = vscode.env.clipboard,
): Promise<void> {
  await clipboard.writeText(value);
  if (!(clearAfterSeconds > 0)) return;
  setTimeout(() => void clearIfUnchanged(value, clipboard), clearAfterSeconds * 1000);
}

async function clearIfUnchanged(value: string, clipboard: SecretClipboard): Promise<void> {
  try {
    if ((await clipboard.readText()) === value) await clipboard.writeText('');
  } catch {
    // Best effort: the clipboard can be unavailable (e.g. a closed web session); nothing to report.
  }
}

/**
 * Reads `paletteKeys.clipboardClearSeconds` from `config` (the `paletteKeys` section), clamped to
 * 0..600. The section is a parameter so callers and tests choose where settings come from.
 */
export function clipboardClearSeconds(
  config: Pick<vscode.WorkspaceConfiguration, 'get'> = vscode.workspace.getConfiguration('paletteKeys'),
): number {
  const raw = config.get<number>('clipboardClearSeconds', DEFAULT_CLIPBOARD_CLEAR_SECONDS);
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return DEFAULT_CLIPBOARD_CLEAR_SECONDS;
  return Math.min(MAX_CLIPBOARD_CLEAR_SECONDS, Math.max(0, Math.round(raw)));
}
