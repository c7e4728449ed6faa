import { mkdir, open } from 'node:fs/promises';
import * as path from 'node:path';

/** Something that happens once: `claim` is true for the first caller only. */
export interface OnceClaims {
  claim(name: string): Promise<boolean>;
}

/**
 * Lets several VS Code windows agree that something happens once: the first window to create a
 * claim file wins (`open` with `wx` is atomic on one machine), the others see it exists. Used for
 * expiry notifications and the "sign in again" prompt, which must not pop up in every window
 * (their names: `CLAIMS` in `channels.ts`). Claims are never removed: a claimed name stays claimed.
 */
export class CrossWindowOnce implements OnceClaims {
  constructor(private readonly folder: string) {}

  /** True for the first caller, in any window, to claim `name`; false for everyone after. */
  async claim(name: string): Promise<boolean> {
    await mkdir(this.folder, { recursive: true });
    const file = path.join(this.folder, name.replace(/[^A-Za-z0-9._-]/g, '_'));
    try {
      const handle = await open(file, 'wx');
      await handle.close();
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      // A claim folder we cannot write must not silence warnings: let this window show it.
      return true;
    }
  }
}
