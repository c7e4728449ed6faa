import type { ControlKeyView } from '../../../src/emulator/controlRoutes';
import type { TestEmulator } from './emulator';

/** A key as the emulator's control endpoint shows it: never its value. */
export type EmulatorKey = ControlKeyView;

export interface EmulatorUser {
  uid: string;
  email: string;
  isTenantAdmin: boolean;
}

/** The emulator's test-control endpoints, over real HTTP, for checking what the extension did. */
export class EmulatorControl {
  constructor(readonly emulator: TestEmulator) {}

  async reset(): Promise<void> {
    await this.send('POST', '/__emulator/reset');
  }

  async keys(): Promise<EmulatorKey[]> {
    return ((await this.send('GET', '/__emulator/keys')) as { items: EmulatorKey[] }).items;
  }

  async liveKeys(): Promise<EmulatorKey[]> {
    return (await this.keys()).filter((key) => !key.deleted);
  }

  async key(uid: string): Promise<EmulatorKey | undefined> {
    return (await this.keys()).find((key) => key.uid === uid);
  }

  async users(): Promise<EmulatorUser[]> {
    return ((await this.send('GET', '/__emulator/users')) as { items: EmulatorUser[] }).items;
  }

  /** Adds a fault rule (see src/emulator/faults.ts); returns its id. */
  async addFault(rule: Record<string, unknown>): Promise<number> {
    return ((await this.send('POST', '/__emulator/faults', rule)) as { id: number }).id;
  }

  async clearFaults(): Promise<void> {
    await this.send('DELETE', '/__emulator/faults');
  }

  private async send(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(new URL(path, this.emulator.url), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`emulator control ${method} ${path}: HTTP ${response.status}`);
    return response.status === 204 ? undefined : response.json();
  }
}
