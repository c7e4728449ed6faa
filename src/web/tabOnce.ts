import type { OnceClaims } from '../core/sync/crossWindowOnce';

/**
 * Once per browser tab. The desktop agrees across windows with claim files; a web worker has no
 * file system, and VS Code for the Web keeps secret storage per tab anyway, so each tab may show an
 * expiry warning or a sign-in prompt once.
 */
export class TabOnce implements OnceClaims {
  private readonly claimed = new Set<string>();

  claim(name: string): Promise<boolean> {
    if (this.claimed.has(name)) return Promise.resolve(false);
    this.claimed.add(name);
    return Promise.resolve(true);
  }
}
