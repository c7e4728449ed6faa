import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionsState } from './core/connections/connection';
import { ConnectionStore } from './core/connections/connectionStore';
import { KeyValueVault } from './core/secrets/keyValueVault';
import { REVISION_SECRET_KEY, RevisionGuardedSecretStore } from './core/secrets/revisionGuardedSecretStore';
import { SecretsSignalBoard } from './core/sync/secretsSignalBoard';
import { SignalFolder } from './core/sync/signalFolder';
import { SECRET_KEYS } from './core/secrets/secretKeys';
import { registerCommands } from './host/commands';
import { keyManagementCommands } from './host/commands/keyManagementCommands';
import { OUTPUT_CHANNEL_NAME } from './host/constants';
import { CrossWindowOnce } from './host/crossWindowOnce';
import { CrossWindowSync } from './host/crossWindowSync';
import { signInFromEnvironment } from './host/environmentSignIn';
import { ExpiryNotifier } from './host/expiryNotifier';
import { KnownValues } from './host/knownValues';
import { Logger } from './host/logger';
import { createReauthPrompt } from './host/reauthPrompt';
import { VsCodeSecretStore } from './host/secretStorageAdapter';
import { GitHistoryView } from './host/history/historyView';
import { LeakScanner } from './host/scanner/leakScanner';
import { PaletteSession } from './host/session/paletteSession';
import { readSettings, SETTINGS_SECTION } from './host/settings';
import { KeysStatusBar } from './host/statusBar';
import { KeysTreeProvider } from './host/tree/keysTreeProvider';
import { KeysView } from './host/tree/keysView';

/** Settings the Palette client or key service of a connection is built from. */
const CONNECTION_SETTINGS = [
  `${SETTINGS_SECTION}.requestTimeoutSeconds`,
  `${SETTINGS_SECTION}.caFile`,
  `${SETTINGS_SECTION}.maxExpiryDays`,
  `${SETTINGS_SECTION}.recommendedExpiryDays`,
  'http.proxy',
];

/** How often relative dates, the badge and expiry warnings are re-evaluated without a refresh. */
const TICK_MS = 60_000;

/** The composition root: builds every service, wires them together, registers their disposables. */
export function activate(context: vscode.ExtensionContext): void {
  const activationStarted = performance.now();
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(channel);
  const log = new Logger(channel, 'extension');
  const now = () => new Date();
  const settings = readSettings;
  const warningDays = () => settings().expiryWarningDays;

  // Every window of this machine shares global storage: signal files there tell the other windows
  // about sign-ins and key changes, and guard secret writes from a window with a stale copy.
  const signals = new SignalFolder(path.join(context.globalStorageUri.fsPath, 'signals'));
  // Not vscode.env.sessionId: code-server gives every tab the same one ("someValue.sessionId").
  const windowId = randomUUID();
  // The board reads the connections the store just wrote (called only after a write, when `store` exists).
  const board = new SecretsSignalBoard(signals, windowId, (): Promise<ConnectionsState> => store.read());
  // This window's copy of secret storage was loaded (on the web: by the page) before the extension host started.
  const hostStartedAt = Date.now() - process.uptime() * 1000;
  const secrets = new RevisionGuardedSecretStore(new VsCodeSecretStore(context.secrets), board, undefined, hostStartedAt);
  const store = new ConnectionStore(secrets);
  const vault = new KeyValueVault(secrets);
  const once = new CrossWindowOnce(path.join(context.globalStorageUri.fsPath, 'claims'));

  const session = new PaletteSession({
    store,
    settings,
    log: log.withComponent('session'),
    now,
    defaultProxy: () => vscode.workspace.getConfiguration('http').get<string>('proxy') || undefined,
  });
  context.subscriptions.push(session);
  const knownValues = new KnownValues(store, vault);
  context.subscriptions.push(knownValues);
  const sync = new CrossWindowSync({
    signals,
    board,
    windowId,
    session,
    guardedSecrets: secrets,
    reloadKnownValues: () => knownValues.reload(),
    log: log.withComponent('windows'),
  });
  context.subscriptions.push(sync);

  const tree = new KeysTreeProvider(session, { now, warningDays, knownValueUids: () => knownValues.uidsFor(session.connection?.id) });
  const view = new KeysView(session, tree, now, warningDays);
  const statusBar = new KeysStatusBar(session, now, warningDays);
  const notifier = new ExpiryNotifier(session, once, () => settings().notificationThresholdsDays, now, log.withComponent('notifier'));
  context.subscriptions.push(tree, view, statusBar, notifier);
  const scanner = new LeakScanner({
    extensionUri: context.extensionUri, secrets, vault, knownValues, session, log, now, warningDays,
  });
  context.subscriptions.push(scanner);
  const history = new GitHistoryView({ session, fingerprints: scanner.fingerprints, describer: scanner.describer, ignoreFiles: scanner.ignoreFiles, log });
  context.subscriptions.push(history);

  context.subscriptions.push(
    ...registerCommands({
      ...keyManagementCommands({
        session,
        vault,
        tree,
        settings,
        log: log.withComponent('commands'),
        extensionUri: context.extensionUri,
        now,
        knownValuesChanged: () => void knownValues.reload(),
        sessionConnections: () => store.read(),
      }),
      ...scanner.commands(),
      ...history.commands(),
      'paletteKeys.showLog': () => log.show(),
    }),
    session.onDidLoseAuthentication(createReauthPrompt(once, log.withComponent('auth'))),
    knownValues.onDidChange(() => tree.redraw()),
    // Another window signed in, out or switched: follow it (desktop; on the web this event does
    // not cross tabs, and CrossWindowSync's signal files take over).
    context.secrets.onDidChange((event) => {
      if (event.key === SECRET_KEYS.connections || event.key.startsWith('paletteKeys.credential.')) void session.reload();
      if (event.key !== SECRET_KEYS.connections && event.key !== REVISION_SECRET_KEY) void knownValues.reload();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The client and key service are built from these: rebuild them, or the change waits for a reload.
      if (CONNECTION_SETTINGS.some((setting) => event.affectsConfiguration(setting))) void session.applySettings();
      if (!event.affectsConfiguration(SETTINGS_SECTION)) return;
      tree.redraw();
      view.update();
      statusBar.update();
    }),
    tickEvery(TICK_MS, () => {
      tree.redraw();
      view.update();
      statusBar.update();
      void notifier.check();
    }),
  );

  void (async () => {
    await sync.start().catch((e: unknown) => log.warn(`cannot hear other windows: ${e instanceof Error ? e.name : 'error'}`));
    await knownValues.reload();
    if (settings().signInFromEnvironment && await signInFromEnvironment(process.env, store, session, log.withComponent('env'))) {
      await knownValues.reload();
    } else {
      await session.reload();
    }
    await sync.checkCopyAtStartUp();
  })().catch((e: unknown) => log.error(`start-up failed: ${e instanceof Error ? e.name : 'error'}`));
  void scanner.start().catch((e: unknown) => log.error(`scanner start-up failed: ${e instanceof Error ? e.name : 'error'}`));
  // The UI budget test reads this line: activation must stay cheap (the scan and the first fetch are deferred).
  log.info(`activated in ${Math.round(performance.now() - activationStarted)} ms (VS Code ${vscode.version})`);
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}

function tickEvery(ms: number, tick: () => void): vscode.Disposable {
  const timer = setInterval(tick, ms);
  return new vscode.Disposable(() => clearInterval(timer));
}
