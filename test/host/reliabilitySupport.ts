// Helpers shared by the reliability and bad-input host suites: scripted commands, an in-process
// emulator each suite owns (so faults never leak into other suites), fault counters, a recording
// of the notifications the extension shows, and a session + tree built from the real classes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import { ConnectionStore } from '../../src/core/connections/connectionStore';
import type { PaletteCredential } from '../../src/core/palette/paletteClient';
import { KeyValueVault } from '../../src/core/secrets/keyValueVault';
import { InMemorySecretStore } from '../../src/core/secrets/secretStore';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server';
import { Logger } from '../../src/host/logger';
import { PaletteSession } from '../../src/host/session/paletteSession';
import { readSettings, type PaletteKeysSettings } from '../../src/host/settings';
import { KeysTreeProvider, type KeysTreeNode } from '../../src/host/tree/keysTreeProvider';
import { createTestPki, type TestPki } from '../unit/support/tlsCertificates';
import { waitFor } from './support/waitFor';
import { rejection as commandRejection, run as runCommand, signOutAll as signOutEverywhere } from './support/commands';
import { answerMessages } from './support/messageAnswers';

export const EXTENSION_ID = 'palette-keys.palette-api-keys';
/** Made-up 32-character test keys, known only to the emulators these suites start. */
export const ADMIN_KEY = 'RelAdminKey000000000000000000001';
export const USER_KEY = 'RelUserKey0000000000000000000002';
export const DAY_MS = 24 * 60 * 60 * 1000;

export { run, signOutAll } from './support/commands';

/** Runs a scripted command that must reject; returns the error after checking it leaks neither test key. */
export function rejection(command: string, args: Record<string, unknown> = {}, secrets: string[] = [ADMIN_KEY, USER_KEY]): Promise<Error> {
  return commandRejection(command, args, secrets);
}

export async function activateExtension(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this extension host`);
  await extension.activate();
}

/** An emulator in this process with known keys; faults and state are this suite's alone. */
export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ adminKey: ADMIN_KEY, userKey: USER_KEY, onInternalError: () => undefined, ...options });
}

/** A suite's usual start: its own emulator, the extension active, and signed in to it as the tenant admin only. */
export async function startSignedInAsAdmin(): Promise<RunningEmulator> {
  const emulator = await startTestEmulator();
  await activateExtension();
  await signOutEverywhere();
  await runCommand('signIn', { host: emulator.url, apiKey: ADMIN_KEY });
  return emulator;
}

/**
 * The emulator over https with a certificate from a fresh private CA. A missing openssl fails the
 * caller by name: the TLS tests never skip.
 */
export async function startTlsEmulator(): Promise<{ pki: TestPki; emulator: RunningEmulator }> {
  const pki = createTestPki();
  const certFile = path.join(pki.dir, 'server.crt');
  const keyFile = path.join(pki.dir, 'server.key.pem');
  fs.writeFileSync(certFile, pki.serverCert);
  fs.writeFileSync(keyFile, pki.serverKey);
  return { pki, emulator: await startTestEmulator({ tlsCertFile: certFile, tlsKeyFile: keyFile }) };
}

/**
 * A fault rule that changes nothing but counts the requests it matches: the emulator decrements
 * `remaining` per match. Put it after rules that act, since only the first matching rule applies.
 */
export function addCounter(emulator: RunningEmulator, method: string, path: RegExp): () => number {
  const budget = 1_000_000;
  const id = emulator.faults.add({ method, path, latencyMs: 0, times: budget });
  return () => budget - (emulator.faults.list().find((fault) => fault.id === id)?.remaining ?? budget);
}

/** How many requests a limited rule has absorbed so far (all of them once it has expired). */
export function usedOf(emulator: RunningEmulator, id: number, times: number): number {
  const fault = emulator.faults.list().find((f) => f.id === id);
  return fault ? times - (fault.remaining ?? 0) : times;
}

export interface Shown {
  severity: 'error' | 'warning' | 'info';
  message: string;
}

/**
 * Records the notifications shown through `vscode.window` (the extension and these tests share one
 * API object) and answers them as dismissed, so no test waits on a person. `restore` undoes it.
 */
export function recordNotifications(): { shown: Shown[]; restore: () => void } {
  const { asked, restore } = answerMessages(() => undefined);
  return { shown: asked, restore };
}

/**
 * Sets a `paletteKeys.*` user setting and resolves once the extension host has announced the change
 * (onDidChangeConfiguration, which the extension's own listeners receive first). Setting the value
 * it already has changes nothing and resolves at once.
 * @param signedInTo the emulator the extension is signed in to, for a setting its connection is
 *   built from (timeout, CA, insecure hosts): the extension then reconnects and lists the keys
 *   again, and this resolves once that listing reached the emulator, so the next request uses the
 *   new setting.
 */
export async function setSetting(name: string, value: unknown, signedInTo?: RunningEmulator): Promise<void> {
  const configuration = vscode.workspace.getConfiguration('paletteKeys');
  if (isDeepStrictEqual(configuration.inspect(name)?.globalValue, value)) return;
  let listener: vscode.Disposable | undefined;
  const announced = new Promise<void>((resolve) => {
    listener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`paletteKeys.${name}`)) resolve();
    });
  });
  const counterId = signedInTo?.faults.add({ method: 'GET', path: /^\/v1\/apiKeys$/, latencyMs: 0, times: 1 });
  try {
    await configuration.update(name, value, vscode.ConfigurationTarget.Global);
    await announced;
    if (signedInTo && counterId !== undefined) {
      await waitFor(() => !signedInTo.faults.list().some((fault) => fault.id === counterId), 10_000, `the extension to reconnect with the new ${name} and list the keys`);
    }
  } finally {
    listener?.dispose();
    if (counterId !== undefined) signedInTo?.faults.remove(counterId);
  }
}

/** A log channel that keeps its lines, for asserting what was (not) logged. */
export function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const record = (message: string): void => void lines.push(message);
  const channel = { trace: record, debug: record, info: record, warn: record, error: record, show: () => undefined };
  return { logger: new Logger(channel as unknown as vscode.LogOutputChannel, 'test'), lines };
}

/**
 * The extension's session and key tree, built from the real classes over an in-memory secret
 * store: the tree's items can be read here, which the real view does not allow.
 */
export class SessionRig {
  readonly session: PaletteSession;
  readonly tree: KeysTreeProvider;
  readonly log = recordingLogger();
  overrides: Partial<PaletteKeysSettings> = {};

  constructor() {
    const secrets = new InMemorySecretStore();
    this.session = new PaletteSession({
      store: new ConnectionStore(secrets),
      vault: new KeyValueVault(secrets),
      settings: () => ({ ...readSettings(), ...this.overrides }),
      log: this.log.logger,
      now: () => new Date(),
      defaultProxy: () => undefined,
    });
    this.tree = new KeysTreeProvider(this.session, { now: () => new Date(), warningDays: () => 7, knownValueUids: () => new Set() });
  }

  signIn(baseUrl: string, apiKey: string): Promise<unknown> {
    const credential: PaletteCredential = { kind: 'apiKey', apiKey };
    return this.session.signIn({ baseUrl, credential });
  }

  /** The top-level tree items as VS Code would render them. */
  rootItems(): vscode.TreeItem[] {
    return this.tree.getChildren().map((node: KeysTreeNode) => this.tree.getTreeItem(node));
  }

  dispose(): void {
    this.tree.dispose();
    this.session.dispose();
  }
}

/** Label text of a tree item, whichever form it was given in. */
export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

/** Asserts the tree shows the error node (with its message) and a Retry node that runs refresh. */
export function assertErrorNode(rig: SessionRig, message: RegExp): void {
  const items = rig.rootItems();
  const error = items.find((item) => item.contextValue === 'paletteMessage:error');
  assert.ok(error, `no error node; the tree shows: ${items.map(labelOf).join(' | ')}`);
  assert.match(String(error.description ?? ''), message);
  const retry = items.find((item) => item.command?.command === 'paletteKeys.refresh');
  assert.ok(retry, 'no Retry node next to the error');
}
