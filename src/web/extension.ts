import * as vscode from 'vscode';
import { ConnectionStore } from '../core/connections/connectionStore';
import { KeyValueVault } from '../core/secrets/keyValueVault';
import { startClipboardClears } from '../host/clipboard';
import { registerCommands } from '../host/commands';
import { InteractivePrompts } from '../host/commands/interactivePrompts';
import { keyManagementCommands } from '../host/commands/keyManagementCommands';
import { HISTORY_COMMAND_IDS, OUTPUT_CHANNEL_NAME, TERMINAL_COMMAND_IDS, type HistoryCommandId, type TerminalCommandId } from '../host/constants';
import { ExpiryNotifier } from '../host/expiryNotifier';
import { KeyDetailsPanel } from '../host/keyDetails/keyDetailsPanel';
import { KnownValues } from '../host/knownValues';
import { Logger } from '../host/logger';
import { createReauthPrompt } from '../host/reauthPrompt';
import { LeakScanner } from '../host/scanner/leakScanner';
import { VsCodeSecretStore } from '../host/secretStorageAdapter';
import { PaletteSession } from '../host/session/paletteSession';
import { readSettings, SETTINGS_SECTION } from '../host/settings';
import { KeysStatusBar } from '../host/statusBar';
import { tickEvery } from '../host/tickEvery';
import { KeysTreeProvider } from '../host/tree/keysTreeProvider';
import { KeysView } from '../host/tree/keysView';
import { TabOnce } from './tabOnce';
import { WebRequestNotice } from './webRequestNotice';

/** How often relative dates, the badge and expiry warnings are re-evaluated without a refresh. */
const TICK_MS = 60_000;

/**
 * The composition root of the web build (VS Code for the Web, github.dev, code-server's browser-only
 * extension host), from the same host modules as `src/extension.ts`. What the desktop has and this
 * leaves out, and why: cross-window signal files and sign-in from the environment (no file system
 * or environment in a web worker), the git history scan (no git), custom CA and proxy settings
 * (requests leave from the browser, whose own trust store and proxy apply).
 */
export function activate(context: vscode.ExtensionContext): void {
  const activationStarted = performance.now();
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(channel);
  const log = new Logger(channel, 'extension');
  const clears = startClipboardClears(context);
  void clears.resume().catch(() => log.warn('could not resume a pending clipboard clear'));
  const now = () => new Date();
  const settings = readSettings;
  const warningDays = () => settings().expiryWarningDays;

  // One copy of secret storage per browser tab (VS Code for the Web); no signal files to guard it with.
  const secrets = new VsCodeSecretStore(context.secrets);
  const store = new ConnectionStore(secrets);
  const vault = new KeyValueVault(secrets);
  const once = new TabOnce();
  const session = new PaletteSession({ store, vault, settings, log: log.withComponent('session'), now, defaultProxy: () => undefined });
  const knownValues = new KnownValues(store, vault);
  const notice = new WebRequestNotice(session, log.withComponent('web'));
  context.subscriptions.push(session, knownValues, notice);

  const tree = new KeysTreeProvider(session, { now, warningDays, knownValueUids: () => knownValues.uidsFor(session.connection?.id) });
  const view = new KeysView(session, tree, now, warningDays);
  const statusBar = new KeysStatusBar(session, now, warningDays);
  const notifier = new ExpiryNotifier(session, {
    once, days: context.globalState, enabled: () => settings().notifyExpiringKeys, warningDays, now, log: log.withComponent('notifier'),
  });
  const scanner = new LeakScanner({ extensionUri: context.extensionUri, secrets, vault, knownValues, session, log, now, warningDays });
  const details = new KeyDetailsPanel({
    session, findings: scanner.findings, knownValueUids: () => knownValues.uidsFor(session.connection?.id), now, warningDays, log: log.withComponent('details'),
    interactive: new InteractivePrompts(context.extensionUri, log.withComponent('details')),
  });
  context.subscriptions.push(tree, view, statusBar, notifier, scanner, details);

  context.subscriptions.push(
    ...registerCommands({
      ...keyManagementCommands({
        session, vault, tree, settings, log: log.withComponent('commands'), extensionUri: context.extensionUri, now,
        sessionConnections: () => store.read(),
      }),
      ...scanner.commands(),
      ...desktopOnlyCommands(),
      'paletteKeys.showLog': () => log.show(),
      'paletteKeys.showKeyDetails': details.command(),
    }),
    session.onDidLoseAuthentication(createReauthPrompt(once, log.withComponent('auth'))),
    knownValues.onDidChange(() => tree.redraw()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SETTINGS_SECTION)) return;
      void session.applySettings();
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
    await knownValues.reload();
    await session.reload();
  })().catch((e: unknown) => log.error(`start-up failed: ${e instanceof Error ? e.name : 'error'}`));
  void scanner.start().catch((e: unknown) => log.error(`scanner start-up failed: ${e instanceof Error ? e.name : 'error'}`));
  const activationMs = Math.round(performance.now() - activationStarted);
  log.info(`activated in ${activationMs} ms (VS Code ${vscode.version}, web worker extension host)`);
  // Also on the console, which reaches the page: the web suite's runner reads the activation time
  // there (a web worker's log file is in the browser's storage, out of the runner's reach).
  console.info(`[palette-keys] activated in ${activationMs} ms`);
}

/**
 * The git history scan needs git and a file system, and terminals a machine to run them on: desktop
 * only. Their menus need `paletteKeys.nodeHost`, which only the Node entry sets; run anyway (a keybinding,
 * a script), they say so.
 */
function desktopOnlyCommands(): Record<HistoryCommandId | TerminalCommandId, () => void> {
  const handlers = {} as Record<HistoryCommandId | TerminalCommandId, () => void>;
  const say = (message: string) => () => void vscode.window.showInformationMessage(message);
  for (const id of HISTORY_COMMAND_IDS) {
    handlers[id] = say(vscode.l10n.t('Scanning the git history needs VS Code on the desktop: VS Code for the Web has no git to read it with.'));
  }
  for (const id of TERMINAL_COMMAND_IDS) {
    handlers[id] = say(vscode.l10n.t('Keys in terminals need VS Code on the desktop: VS Code for the Web has no integrated terminal to give them to.'));
  }
  return handlers;
}
