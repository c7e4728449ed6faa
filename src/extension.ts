import * as vscode from 'vscode';
import type { ConnectionsState } from './core/connections/connection';
import { ConnectionStore } from './core/connections/connectionStore';
import { KeyValueVault } from './core/secrets/keyValueVault';
import { startClipboardClears } from './host/clipboard';
import { registerCommands } from './host/commands';
import { InteractivePrompts } from './host/commands/interactivePrompts';
import { keyManagementCommands } from './host/commands/keyManagementCommands';
import { NODE_HOST_CONTEXT, OUTPUT_CHANNEL_NAME } from './host/constants';
import { signInFromEnvironment } from './host/environmentSignIn';
import { ExpiryNotifier } from './host/expiryNotifier';
import { KnownValues } from './host/knownValues';
import { Logger } from './host/logger';
import { createReauthPrompt } from './host/reauthPrompt';
import { GitHistoryView } from './host/history/historyView';
import { KeyDetailsPanel } from './host/keyDetails/keyDetailsPanel';
import { LeakScanner } from './host/scanner/leakScanner';
import { PaletteSession } from './host/session/paletteSession';
import { readProxySettings, readSettings, SETTINGS_SECTION } from './host/settings';
import { KeysStatusBar } from './host/statusBar';
import { tickEvery } from './host/tickEvery';
import { CrossWindowSync, openCrossWindowStorage } from './host/sync/crossWindowSync';
import { KeysTreeProvider } from './host/tree/keysTreeProvider';
import { KeysView } from './host/tree/keysView';
import { terminalCommands } from './host/terminal/terminalCommands';
import { TerminalKeyEnvironment } from './host/terminal/terminalKeyEnvironment';

/** Settings the Palette client or key service of a connection is built from. */
const CONNECTION_SETTINGS = [
  `${SETTINGS_SECTION}.requestTimeoutSeconds`,
  `${SETTINGS_SECTION}.caFile`,
  `${SETTINGS_SECTION}.maxExpiryDays`,
  `${SETTINGS_SECTION}.recommendedExpiryDays`,
  `${SETTINGS_SECTION}.allowInsecureHosts`,
  'http.proxy',
  'http.noProxy',
  'http.proxyStrictSSL',
  'http.proxyAuthorization',
];

/** Clears a copied key at deactivation; set by `activate`. */
let clipboardClears: { clearNow(): Promise<void> } | undefined;

/** How often relative dates, the badge and expiry warnings are re-evaluated without a refresh. */
const TICK_MS = 60_000;

/** The composition root: builds every service, wires them together, registers their disposables. */
export function activate(context: vscode.ExtensionContext): void {
  const activationStarted = performance.now();
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(channel);
  const log = new Logger(channel, 'extension');
  // First: a key copied just before the window reloaded must be cleared even if start-up fails later.
  const clears = startClipboardClears(context);
  clipboardClears = clears;
  void clears.resume().catch(() => log.warn('could not resume a pending clipboard clear'));
  // Menus of what needs Node (git history, terminals) show where this entry runs: desktop, remote
  // hosts, code-server. Not `!isWeb`: code-server's workbench is a web page over a Node host.
  void vscode.commands.executeCommand('setContext', NODE_HOST_CONTEXT, true);
  const now = () => new Date();
  const settings = readSettings;
  const warningDays = () => settings().expiryWarningDays;

  // Every window of this machine shares global storage: signal files there tell the other windows
  // about sign-ins and key changes, and guard secret writes from a window with a stale copy
  // (docs/cross-window.md). The board reads the connections the store just wrote (only after a
  // write, when `store` exists).
  const windows = openCrossWindowStorage(context, (): Promise<ConnectionsState> => store.read());
  const secrets = windows.secrets;
  const store = new ConnectionStore(secrets);
  const vault = new KeyValueVault(secrets);
  const once = windows.once;

  const session = new PaletteSession({
    store,
    vault,
    settings,
    log: log.withComponent('session'),
    now,
    defaultProxy: () => vscode.workspace.getConfiguration('http').get<string>('proxy') || undefined,
    proxySettings: () => readProxySettings(process.env),
  });
  context.subscriptions.push(session);
  const knownValues = new KnownValues(store, vault);
  context.subscriptions.push(knownValues);
  const sync = new CrossWindowSync({
    ...windows,
    session,
    reloadKnownValues: () => knownValues.reload(),
    log: log.withComponent('windows'),
    // Another window signed in, out or switched: follow it (desktop; on the web this event does
    // not cross tabs, and the signal files take over).
    secretChanges: context.secrets.onDidChange,
  });
  context.subscriptions.push(sync);

  // Keys go into terminals' environment, not into files (Use in Terminals); in memory only.
  const terminal = new TerminalKeyEnvironment(context.environmentVariableCollection);
  context.subscriptions.push(terminal);
  const knownValueUids = () => knownValues.uidsFor(session.connection?.id);
  const tree = new KeysTreeProvider(session, { now, warningDays, knownValueUids, terminalKeyUid: () => terminal.current?.uid });
  const view = new KeysView(session, tree, now, warningDays);
  const statusBar = new KeysStatusBar(session, now, warningDays, () => terminal.current);
  const notifier = new ExpiryNotifier(session, {
    once, days: context.globalState, enabled: () => settings().notifyExpiringKeys, warningDays, now, log: log.withComponent('notifier'),
  });
  context.subscriptions.push(tree, view, statusBar, notifier);
  const scanner = new LeakScanner({
    extensionUri: context.extensionUri, secrets, vault, knownValues, session, log, now, warningDays,
  });
  context.subscriptions.push(scanner);
  const details = new KeyDetailsPanel({
    session, findings: scanner.findings, knownValueUids, now, warningDays, log: log.withComponent('details'),
    interactive: new InteractivePrompts(context.extensionUri, log.withComponent('details')),
  });
  context.subscriptions.push(details);
  const history = new GitHistoryView({ extensionUri: context.extensionUri, session, fingerprints: scanner.fingerprints, describer: scanner.describer, ignoreFiles: scanner.ignoreFiles, log });
  context.subscriptions.push(history);

  const commandDeps = {
    session,
    vault,
    tree,
    settings,
    log: log.withComponent('commands'),
    extensionUri: context.extensionUri,
    now,
    sessionConnections: () => store.read(),
  };
  context.subscriptions.push(
    ...registerCommands({
      ...keyManagementCommands(commandDeps),
      ...terminalCommands({ ...commandDeps, terminal, knownValueUids }),
      ...scanner.commands(),
      ...history.commands(),
      'paletteKeys.showLog': () => log.show(),
      'paletteKeys.showKeyDetails': details.command(),
    }),
    session.onDidLoseAuthentication(createReauthPrompt(once, log.withComponent('auth'))),
    knownValues.onDidChange(() => tree.redraw()),
    terminal.onDidChange(() => {
      tree.redraw();
      statusBar.update();
    }),
    // A key of another connection (or none, signed out) must not stay in new terminals.
    session.onDidChangeState(() => {
      if (terminal.current && terminal.current.connectionId !== session.connection?.id) terminal.stop();
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
    // A sign-in from the environment writes the connection store, which the known values follow.
    const signedInFromEnvironment = settings().signInFromEnvironment
      && await signInFromEnvironment(process.env, store, session, log.withComponent('env'));
    if (!signedInFromEnvironment) await session.reload();
    await sync.checkCopyAtStartUp();
  })().catch((e: unknown) => log.error(`start-up failed: ${e instanceof Error ? e.name : 'error'}`));
  void scanner.start().catch((e: unknown) => log.error(`scanner start-up failed: ${e instanceof Error ? e.name : 'error'}`));
  // The UI budget test reads this line: activation must stay cheap (the scan and the first fetch are deferred).
  log.info(`activated in ${Math.round(performance.now() - activationStarted)} ms (VS Code ${vscode.version})`);
}

export async function deactivate(): Promise<void> {
  // Everything else is released through context.subscriptions. A key still on the clipboard
  // must not outlive the window that copied it.
  await clipboardClears?.clearNow().catch(() => undefined);
  clipboardClears = undefined;
}
