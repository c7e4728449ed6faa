import * as vscode from 'vscode';
import { bytesToBase64, randomBytes } from '../../core/crypto/randomBytes';
import type { CommandHandler } from '../commands';
import { InvalidArgumentError, isScriptArgs, requiredString } from '../commands/commandArgs';
import { commandHandler, type CommandDefinition } from '../commands/commandRunner';
import type { Prompts } from '../commands/prompts';
import type { CommandId } from '../constants';
import { Disposable } from '../lifecycle';
import type { Logger } from '../logger';
import type { FindingsTreeProvider } from '../scanner/findingsTree';
import type { PaletteSession } from '../session/paletteSession';
import { KeyNode } from '../tree/keyNode';
import { renderKeyDetailsHtml } from './keyDetailsHtml';
import { keyDetails, type KeyDetails } from './keyDetailsModel';

export interface KeyDetailsDeps {
  readonly session: PaletteSession;
  readonly findings: FindingsTreeProvider;
  readonly knownValueUids: () => ReadonlySet<string>;
  readonly now: () => Date;
  readonly warningDays: () => number;
  readonly log: Logger;
  readonly interactive: Prompts;
}

/** The commands the page's links may run: its own actions and opening a file. Nothing else. */
const LINK_COMMANDS: readonly CommandId[] = [
  'paletteKeys.editKey', 'paletteKeys.renewKey', 'paletteKeys.rotateKey', 'paletteKeys.revokeKey', 'paletteKeys.reactivateKey',
  'paletteKeys.deleteKey', 'paletteKeys.copyKeyUid', 'paletteKeys.openInConsole',
];

/**
 * A key's details in one read-only editor tab (clicking a key in the tree opens it): every field,
 * where its value is kept, which findings hold it, and its actions as links. One panel, reused for
 * the next key; it follows refreshes and closes when the key is gone.
 */
export class KeyDetailsPanel extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private shownUid: string | undefined;
  /** The connection whose list the page was built from, and what it showed: a failed refresh keeps them on the page. */
  private shownConnectionId: string | undefined;
  private shownDetails: KeyDetails | undefined;
  /** What the page shows now: findings change as the user types, and an unchanged page is not reloaded. */
  private shownJson = '';

  constructor(private readonly deps: KeyDetailsDeps) {
    super();
    this._register(deps.session.onDidChangeState(() => this.refresh()));
    this._register(deps.findings.onDidChangeTreeData(() => this.refresh()));
    this._register({ dispose: () => this.panel?.dispose() });
  }

  /** `paletteKeys.showKeyDetails`: the tree item's click, or `{uid}`; resolves to what the page shows. */
  command(): CommandHandler {
    const definition: CommandDefinition<{ uid: string }, KeyDetails> = {
      failureTitle: vscode.l10n.t('Could not show the key'),
      parse: (arg) => {
        if (arg instanceof KeyNode) return { uid: arg.key.uid };
        if (isScriptArgs(arg)) return { uid: requiredString(arg, 'uid', 256) };
        throw new InvalidArgumentError('The "uid" argument is required.');
      },
      run: ({ uid }) => Promise.resolve(this.show(uid)),
    };
    return commandHandler('paletteKeys.showKeyDetails', definition, this.deps.interactive, this.deps.log);
  }

  private show(uid: string): KeyDetails {
    const details = this.details(uid);
    if (!details) throw new InvalidArgumentError('No key with that uid is listed: refresh the view, or sign in to its tenant.');
    this.shownUid = uid;
    this.shownConnectionId = this.deps.session.state.kind === 'signedOut' ? undefined : this.deps.session.state.connection.id;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('paletteKeys.keyDetails', details.name, { viewColumn: vscode.ViewColumn.Active, preserveFocus: true }, {
        enableScripts: false,
        enableCommandUris: [...LINK_COMMANDS, 'vscode.open'],
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.shownUid = undefined;
        this.shownConnectionId = undefined;
        this.shownDetails = undefined;
        this.shownJson = '';
      });
    } else {
      this.panel.reveal(undefined, true);
    }
    this.render(details);
    return details;
  }

  private refresh(): void {
    if (!this.panel || this.shownUid === undefined) return;
    // Every change (a revoke from this page, Refresh) reloads the list: keep the page until it arrives.
    const { state } = this.deps.session;
    if (state.kind === 'loading') return;
    // The list could not be reloaded (network, server): the key is not known to be gone, so the
    // page stays with what was last loaded, and says so. Another tenant's failure is no such case.
    if (state.kind === 'error' && state.connection.id === this.shownConnectionId && this.shownDetails) {
      this.render(this.shownDetails, vscode.l10n.t('Could not refresh the keys: this is the key as last loaded. Retry from the API Keys view.'));
      return;
    }
    const details = this.details(this.shownUid);
    // Deleted, or another tenant now: a page about a key that is not there would mislead.
    if (!details) this.panel.dispose();
    else this.render(details);
  }

  private details(uid: string): KeyDetails | undefined {
    const state = this.deps.session.state;
    if (state.kind !== 'ready') return undefined;
    const key = state.keys.find((candidate) => candidate.uid === uid);
    if (!key) return undefined;
    return keyDetails(key, {
      keys: state.keys,
      users: state.users,
      now: this.deps.now(),
      warningDays: this.deps.warningDays(),
      valueKnown: this.deps.knownValueUids().has(uid),
      findings: this.deps.findings.findingNodes(),
    });
  }

  /** Shows `details`, with `notice` above them when they may be out of date. */
  private render(details: KeyDetails, notice?: string): void {
    if (!this.panel) return;
    this.shownDetails = details;
    const json = JSON.stringify([details, notice]);
    if (json === this.shownJson) return;
    this.shownJson = json;
    this.panel.title = details.name;
    this.panel.webview.html = renderKeyDetailsHtml(details, {
      value: vscode.l10n.t('Where its value is kept'),
      findings: vscode.l10n.t('Leaks found in this workspace'),
      noFindings: vscode.l10n.t('The workspace scan found this key in no file.'),
      actions: vscode.l10n.t('Actions'),
      line: vscode.l10n.t('line'),
    }, bytesToBase64(randomBytes(16)), notice);
  }
}
