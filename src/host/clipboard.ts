import * as vscode from 'vscode';
import { base64ToBytes } from '../core/crypto/randomBytes';
import { ClipboardClearSchedule, newClipboardHashKey, type PendingClear } from '../core/secrets/clipboardClear';

/** The two clipboard calls `copySecret` needs; `vscode.env.clipboard` by default, a fake in tests. */
export interface SecretClipboard {
  readText(): Thenable<string>;
  writeText(value: string): Thenable<void>;
}

/** Default for `paletteKeys.clipboardClearSeconds`. */
export const DEFAULT_CLIPBOARD_CLEAR_SECONDS = 30;
const MAX_CLIPBOARD_CLEAR_SECONDS = 600;

/** globalState key of the pending clear (hash + deadline, never the value). */
export const PENDING_CLEAR_STATE_KEY = 'paletteKeys.clipboard.pendingClear';
/** Secret storage key of the HMAC key that hashes the copied value. */
export const CLIPBOARD_HASH_SECRET_KEY = 'paletteKeys.clipboard.hashKey';

/** The schedule of this extension host, set at activation: copies to the real clipboard go through it. */
let persistentClears: ClipboardClearSchedule | undefined;

/**
 * Builds the clear schedule over `vscode.env.clipboard`, `globalState` and secret storage, makes
 * `copySecret` use it, and resumes a clear left pending by a window that reloaded or closed.
 */
export function startClipboardClears(context: vscode.ExtensionContext): ClipboardClearSchedule {
  let key: Promise<Uint8Array> | undefined;
  const hashKey = (): Promise<Uint8Array> => {
    key ??= (async () => {
      const saved = base64ToBytes((await context.secrets.get(CLIPBOARD_HASH_SECRET_KEY)) ?? '');
      if (saved?.length) return saved;
      const fresh = newClipboardHashKey();
      await context.secrets.store(CLIPBOARD_HASH_SECRET_KEY, fresh);
      return base64ToBytes(fresh) ?? new Uint8Array(0);
    })();
    key.catch(() => (key = undefined));
    return key;
  };
  const schedule = new ClipboardClearSchedule({
    clipboard: vscode.env.clipboard,
    store: {
      get: () => context.globalState.get<PendingClear>(PENDING_CLEAR_STATE_KEY),
      set: (pending) => context.globalState.update(PENDING_CLEAR_STATE_KEY, pending),
    },
    hashKey,
  });
  persistentClears = schedule;
  context.subscriptions.push({
    dispose: () => {
      schedule.dispose();
      if (persistentClears === schedule) persistentClears = undefined;
    },
  });
  return schedule;
}

/**
 * Copies a secret and, after `clearAfterSeconds` (0 = never), empties the clipboard, but only if
 * it still holds that secret: whatever the user copied since is left alone. On the real clipboard
 * the clear survives a reload of the window (see `startClipboardClears`).
 */
export async function copySecret(
  value: string,
  clearAfterSeconds: number,
  clipboard: SecretClipboard = vscode.env.clipboard,
): Promise<void> {
  if (persistentClears && clipboard === vscode.env.clipboard) {
    await persistentClears.copy(value, clearAfterSeconds);
    return;
  }
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
