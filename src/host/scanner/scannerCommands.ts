import * as vscode from 'vscode';
import type { PlainKey } from '../../core/keys/apiKey';
import { findingFingerprint, isFindingFingerprint } from '../../core/scanner/fingerprint';
import { knownKeyDetector } from '../../core/scanner/rules/knownKey';
import type { KeyValueVault } from '../../core/secrets/keyValueVault';
import type { CommandHandler } from '../commands';
import { InvalidArgumentError, isScriptArgs, optionalString, requiredString } from '../commands/commandArgs';
import { guarded } from '../commands/commandRunner';
import type { ScannerCommandId } from '../constants';
import { showError } from '../errorPresenter';
import type { KnownValues } from '../knownValues';
import type { Logger } from '../logger';
import { NotSignedInError, type PaletteSession } from '../session/paletteSession';
import type { FindingStore } from './findingStore';
import type { IgnoreFiles } from './ignoreFiles';
import type { KnownKeyFingerprints } from './knownKeyFingerprints';
import type { WorkspaceScanner } from './workspaceScanner';

/** One finding as a scripted `scanWorkspace` returns it: masked, never the value. */
export interface ScriptedFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly ruleId: string;
  readonly confidence: string;
  readonly masked: string;
  readonly fingerprint: string;
  readonly known: boolean;
}

export interface ScriptedScanResult {
  readonly files: number;
  readonly skipped: number;
  /** Of the skipped files, those whose scan ran past the per-file time budget. */
  readonly overBudget: number;
  readonly cancelled: boolean;
  readonly durationMs: number;
  readonly findings: readonly ScriptedFinding[];
}

export interface ScannerCommandDeps {
  readonly session: PaletteSession;
  readonly vault: KeyValueVault;
  readonly knownValues: KnownValues;
  readonly fingerprints: KnownKeyFingerprints;
  readonly store: FindingStore;
  readonly workspace: WorkspaceScanner;
  readonly ignoreFiles: IgnoreFiles;
  readonly log: Logger;
}

/** Shortest and longest value `registerKnownKey` accepts (Palette keys have 32 characters). */
const MIN_VALUE_LENGTH = 16;
const MAX_VALUE_LENGTH = 256;

/** The scanner's commands, each behind the shared error policy. */
export function scannerCommands(deps: ScannerCommandDeps): Record<ScannerCommandId, CommandHandler> {
  return {
    'paletteKeys.scanWorkspace': guarded(deps.log, 'paletteKeys.scanWorkspace', 'Could not scan the workspace', (_arg, scripted) => scanWorkspace(deps, scripted)),
    'paletteKeys.registerKnownKey': guarded(deps.log, 'paletteKeys.registerKnownKey', 'Could not register the key value', (arg, scripted) => registerKnownKey(deps, arg, scripted)),
    'paletteKeys.revokeLeakedKey': guarded(deps.log, 'paletteKeys.revokeLeakedKey', 'Could not revoke the key', (arg) => revokeLeakedKey(arg)),
    'paletteKeys.ignoreFinding': guarded(deps.log, 'paletteKeys.ignoreFinding', 'Could not ignore the finding', (arg) => ignoreFinding(deps, arg)),
  };
}

/** Interactive: a cancellable notification with file counts, then a summary. Scripted: progress in the status bar, results returned. */
async function scanWorkspace(deps: ScannerCommandDeps, scripted: boolean): Promise<ScriptedScanResult | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) throw new InvalidArgumentError('Open a folder to scan it.');
  const outcome = await deps.workspace.scanWorkspace(scripted ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification);
  const findings: ScriptedFinding[] = [];
  for (const uri of deps.store.uris()) {
    for (const { finding, known } of deps.store.views(uri)) {
      findings.push({
        file: vscode.workspace.asRelativePath(uri, false),
        line: finding.line,
        column: finding.column,
        ruleId: finding.ruleId,
        confidence: finding.confidence,
        masked: finding.masked,
        fingerprint: finding.fingerprint,
        known: known !== undefined,
      });
    }
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  if (!scripted && !outcome.cancelled) {
    const show = vscode.l10n.t('Show Problems');
    const found = findings.length === 0
      ? vscode.l10n.t('No Palette API keys found in {0} files.', outcome.filesScanned)
      : vscode.l10n.t('Found {0} possible Palette API key(s) in {1} files.', findings.length, outcome.filesScanned);
    const message = outcome.filesOverBudget === 0
      ? found
      : `${found} ${vscode.l10n.t('{0} file(s) not scanned: their scan took too long (see the log).', outcome.filesOverBudget)}`;
    void vscode.window.showInformationMessage(message, ...(findings.length > 0 ? [show] : [])).then((picked) => {
      if (picked === show) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  }
  return {
    files: outcome.filesScanned,
    skipped: outcome.filesSkipped,
    overBudget: outcome.filesOverBudget,
    cancelled: outcome.cancelled,
    durationMs: Math.round(outcome.durationMs),
    findings,
  };
}

/**
 * Adds a value the scanner should recognise exactly: a password box interactively, `{value, keyUid?}`
 * scripted. With a key of the active connection the value is kept as that key's (so findings name
 * it and can revoke it); otherwise as a registered value. Resolves to the fingerprint its findings
 * will carry, never the value.
 */
async function registerKnownKey(deps: ScannerCommandDeps, arg: unknown, scripted: boolean): Promise<{ fingerprint: string } | undefined> {
  let value: string | undefined;
  let keyUid: string | undefined;
  if (scripted && isScriptArgs(arg)) {
    value = requiredString(arg, 'value', MAX_VALUE_LENGTH).trim();
    keyUid = optionalString(arg, 'keyUid', 256);
    if (validateValue(value)) throw new InvalidArgumentError(`The "value" argument ${validateValue(value)}`);
  } else {
    value = (await vscode.window.showInputBox({
      title: vscode.l10n.t('Register a Palette API key value with the leak scanner'),
      prompt: vscode.l10n.t('The value stays in secret storage on this machine; the scanner itself keeps only a keyed hash of it.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => {
        const problem = validateValue(text.trim());
        return problem ? vscode.l10n.t('The value {0}', problem) : undefined;
      },
    }))?.trim();
    if (!value) return undefined;
    const picked = await pickKey(deps);
    if (picked === null) return undefined;
    keyUid = picked;
  }
  if (keyUid !== undefined) {
    const connection = deps.session.connection;
    if (!connection) throw new NotSignedInError();
    const state = deps.session.state;
    if (state.kind === 'ready' && !state.keys.some((key) => key.uid === keyUid)) {
      throw new InvalidArgumentError('No key of the active connection has that uid.');
    }
    await deps.vault.save(connection.id, keyUid, value);
  } else {
    await deps.vault.addExtraValue(value);
  }
  await deps.knownValues.reload();
  await deps.fingerprints.whenReady();
  deps.log.info(`registered a known key value${keyUid ? ` for key ${keyUid}` : ''}`);
  return { fingerprint: findingFingerprint(knownKeyDetector.meta.id, value) };
}

/** Which key of the active connection the value belongs to: a uid, undefined for "none of these", null when cancelled. */
async function pickKey(deps: ScannerCommandDeps): Promise<string | undefined | null> {
  const keys = deps.session.keys;
  if (keys.length === 0) return undefined;
  const none: vscode.QuickPickItem = { label: vscode.l10n.t('None of these, or not sure'), alwaysShow: true };
  const items: (vscode.QuickPickItem & { uid?: string })[] = [
    none,
    ...keys.map((key) => ({ label: key.name, description: key.owner.displayName, detail: key.uid, uid: key.uid })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Which key is it? (optional)'),
    placeHolder: vscode.l10n.t('Naming the key lets findings show its name and offer to revoke it'),
    ignoreFocusOut: true,
  });
  if (!picked) return null;
  return picked.uid;
}

function validateValue(value: string): string | undefined {
  if (value.length < MIN_VALUE_LENGTH) return `must have at least ${MIN_VALUE_LENGTH} characters.`;
  if (value.length > MAX_VALUE_LENGTH) return `must have at most ${MAX_VALUE_LENGTH} characters.`;
  if (/\s/.test(value)) return 'must not contain spaces or line breaks.';
  return undefined;
}

/** "Revoke this key in Palette": revokes through `paletteKeys.revokeKey`, then offers Undo (re-activate). */
async function revokeLeakedKey(arg: unknown): Promise<PlainKey | undefined> {
  if (!isScriptArgs(arg)) throw new InvalidArgumentError('Pass {uid}.');
  const uid = requiredString(arg, 'uid', 256);
  const revoked = await vscode.commands.executeCommand<PlainKey | undefined>('paletteKeys.revokeKey', { uid });
  if (!revoked) return undefined;
  const undo = vscode.l10n.t('Undo');
  void vscode.window.showInformationMessage(vscode.l10n.t('Revoked "{0}" in Palette. Anything still using it stops working.', revoked.name), undo)
    .then(async (picked) => {
      if (picked !== undo) return;
      try {
        await vscode.commands.executeCommand('paletteKeys.reactivateKey', { uid });
      } catch (e) {
        void showError(vscode.l10n.t('Could not re-activate the key'), e);
      }
    });
  return revoked;
}

/** "Ignore this finding": appends its fingerprint to the folder's ignore file, with a comment naming file, line and rule. */
async function ignoreFinding(deps: ScannerCommandDeps, arg: unknown): Promise<{ fingerprint: string; ignoreFile: string } | undefined> {
  if (!isScriptArgs(arg)) throw new InvalidArgumentError('Pass {uri, fingerprint, ruleId, line}.');
  const fingerprint = requiredString(arg, 'fingerprint', 64);
  if (!isFindingFingerprint(fingerprint)) throw new InvalidArgumentError('The "fingerprint" argument is not a finding fingerprint.');
  const uri = vscode.Uri.parse(requiredString(arg, 'uri', 4096));
  const ruleId = requiredString(arg, 'ruleId', 200);
  const line = typeof arg.line === 'number' ? arg.line : undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new InvalidArgumentError('Open a folder to keep an ignore file in it.');
  const where = `${vscode.workspace.asRelativePath(uri, false)}${line !== undefined ? `:${line}` : ''}`;
  await deps.ignoreFiles.append(folder, fingerprint, `${where} ${ruleId}`);
  deps.store.republishAll();
  deps.log.info(`ignored finding ${fingerprint} (${ruleId})`);
  return { fingerprint, ignoreFile: vscode.workspace.asRelativePath(deps.ignoreFiles.fileOf(folder), false) };
}
