import { hmacSha256Hex } from '../crypto/keyedHash';
import { bytesToBase64, randomBytes } from '../crypto/randomBytes';

/** The two clipboard calls clearing needs (`vscode.env.clipboard` in the extension). */
export interface ClipboardPort {
  readText(): PromiseLike<string>;
  writeText(value: string): PromiseLike<void>;
}

/**
 * What is remembered about a copied secret so that its clear survives a reload: a keyed hash of
 * the value and when to clear it. Never the value: the record lives in plain extension state.
 */
export interface PendingClear {
  /** HMAC-SHA256 (hex) of the copied value under a per-machine key kept in secret storage. */
  readonly hash: string;
  /** Epoch ms after which the clipboard is cleared if it still holds that value. */
  readonly deadline: number;
}

/** Where the pending clear is kept between activations (`globalState` in the extension). */
export interface PendingClearStore {
  get(): PendingClear | undefined;
  set(pending: PendingClear | undefined): PromiseLike<void>;
}

export interface ClipboardClearDeps {
  readonly clipboard: ClipboardPort;
  readonly store: PendingClearStore;
  /** The HMAC key (created once, kept in secret storage). */
  readonly hashKey: () => Promise<Uint8Array>;
  readonly now?: () => number;
}

/** A fresh HMAC key for `ClipboardClearDeps.hashKey`, encoded for secret storage. */
export function newClipboardHashKey(): string {
  return bytesToBase64(randomBytes(32));
}

/**
 * Clears a copied secret from the clipboard after a delay, if the clipboard still holds it
 * (whatever the user copied since is left alone). The pending clear is kept as hash + deadline,
 * so a window that reloads or closes within the delay clears on its next activation (`resume`);
 * `clearNow` clears at once when the extension deactivates.
 */
export class ClipboardClearSchedule {
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly deps: ClipboardClearDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Copies `value` and schedules its clear in `clearAfterSeconds` (0 or less: never cleared). */
  async copy(value: string, clearAfterSeconds: number): Promise<void> {
    await this.deps.clipboard.writeText(value);
    if (!(clearAfterSeconds > 0)) {
      await this.forget();
      return;
    }
    const pending = { hash: await this.hash(value), deadline: this.now() + clearAfterSeconds * 1000 };
    await this.deps.store.set(pending);
    this.schedule(pending);
  }

  /** At activation: clears at once a clear whose deadline passed while no window ran, or re-arms it. */
  async resume(): Promise<void> {
    const pending = this.validPending();
    if (!pending) {
      if (this.deps.store.get() !== undefined) await this.forget();
      return;
    }
    if (pending.deadline <= this.now()) await this.clearIfHeld(pending);
    else this.schedule(pending);
  }

  /** At deactivation: clears now if the clipboard still holds the copied secret. */
  async clearNow(): Promise<void> {
    const pending = this.validPending();
    if (pending) await this.clearIfHeld(pending);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(pending: PendingClear): void {
    this.dispose();
    // setTimeout holds at most ~24.8 days; the delay is capped at 600 s by the setting anyway.
    const delay = Math.min(Math.max(0, pending.deadline - this.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => void this.clearIfHeld(pending), delay);
    this.timer.unref?.();
  }

  private async clearIfHeld(pending: PendingClear): Promise<void> {
    this.dispose();
    try {
      const text = await this.deps.clipboard.readText();
      if (text !== '' && this.sameHash(await this.hash(text), pending.hash)) await this.deps.clipboard.writeText('');
    } catch {
      // Best effort: the clipboard can be unavailable (a closed web session); nothing to report.
    }
    if (this.deps.store.get()?.hash === pending.hash) await this.forget();
  }

  private async forget(): Promise<void> {
    this.dispose();
    try {
      await this.deps.store.set(undefined);
    } catch {
      // State is gone with the window: nothing left to forget.
    }
  }

  /** The stored record when it has the expected shape: state is data from disk, not trusted. */
  private validPending(): PendingClear | undefined {
    const pending: unknown = this.deps.store.get();
    if (typeof pending !== 'object' || pending === null) return undefined;
    const { hash, deadline } = pending as Record<string, unknown>;
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) return undefined;
    if (typeof deadline !== 'number' || !Number.isFinite(deadline)) return undefined;
    return { hash, deadline };
  }

  private async hash(value: string): Promise<string> {
    return hmacSha256Hex(await this.deps.hashKey(), value);
  }

  private sameHash(a: string, b: string): boolean {
    // Constant time over the hex digests (no node:crypto timingSafeEqual in the web build).
    if (a.length !== b.length) return false;
    let difference = 0;
    for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
    return difference === 0;
  }
}
