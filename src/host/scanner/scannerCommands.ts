import * as vscode from 'vscode';
import type { PlainKey } from '../../core/keys/apiKey';
import { findingFingerprint, isFindingFingerprint } from '../../core/scanner/fingerprint';
import { knownKeyDetector } from '../../core/scanner/rules/knownKey';
import type { KeyValueVault } from '../../core/secrets/keyValueVault';
import type { CommandHandler } from '../commands';
import { InvalidArgumentError, isScriptArgs, optionalString, requiredString } from '../commands/commandArgs';
import { commandHandler, type CommandDefinition } from '../commands/commandRunner';
import { InteractivePrompts } from '../commands/interactivePrompts';
import type { Prompts } from '../commands/prompts';
import type { ScannerCommandId } from '../constants';
import type { KnownValues } from '../knownValues';
import type { Logger } from '../logger';
import { NotSignedInError, type PaletteSession } from '../session/paletteSession';
import type { FindingStore } from './findingStore';
import { FindingNode } from './findingsTree';
import type { IgnoreFiles } from './ignoreFiles';
import type { KnownKeyFingerprints } from './knownKeyFingerprints';
import type { WorkspaceScanning } from './scanEngines';
import { restrictedModeNote, workspaceRestricted } from './workspaceTrust';

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
  /** True in Restricted Mode: the workspace's scanner settings and ignore file were not applied. */
  readonly restrictedMode: boolean;
}

export interface ScannerCommandDeps {
  readonly extensionUri: vscode.Uri;
  readonly session: PaletteSession;
  readonly vault: KeyValueVault;
  readonly knownValues: KnownValues;
  readonly fingerprints: KnownKeyFingerprints;
  readonly store: FindingStore;
  readonly workspace: WorkspaceScanning;
  readonly ignoreFiles: IgnoreFiles;
  readonly log: Logger;
}

/** Shortest and longest value `registerKnownKey` accepts (Palette keys have 32 characters). */
const MIN_VALUE_LENGTH = 16;
const MAX_VALUE_LENGTH = 256;

/** The scanner's commands, each defined once (parse, then run) and behind the shared error policy. */
export function scannerCommands(deps: ScannerCommandDeps): Record<ScannerCommandId, CommandHandler> {
  const interactive = new InteractivePrompts(deps.extensionUri, deps.log);
  const handler = <Request, Result>(id: ScannerCommandId, definition: CommandDefinition<Request, Result>) =>
    commandHandler(id, definition, interactive, deps.log);
  return {
    'paletteKeys.scanWorkspace': handler('paletteKeys.scanWorkspace', scanWorkspaceCommand(deps)),
    'paletteKeys.registerKnownKey': handler('paletteKeys.registerKnownKey', registerKnownKeyCommand(deps)),
    'paletteKeys.revokeLeakedKey': handler('paletteKeys.revokeLeakedKey', revokeLeakedKeyCommand()),
    'paletteKeys.ignoreFinding': handler('paletteKeys.ignoreFinding', ignoreFindingCommand(deps)),
    'paletteKeys.fixFinding': handler('paletteKeys.fixFinding', fixFindingCommand()),
  };
}

/** Interactive: a cancellable notification with file counts, then a summary. Scripted: progress in the status bar, results returned. */
function scanWorkspaceCommand(deps: ScannerCommandDeps): CommandDefinition<Record<string, never>, ScriptedScanResult> {
  return {
    failureTitle: vscode.l10n.t('Could not scan the workspace'),
    parse: () => ({}),
    run: (_request, prompts) => scanWorkspace(deps, prompts),
  };
}

async function scanWorkspace(deps: ScannerCommandDeps, prompts: Prompts): Promise<ScriptedScanResult> {
  if (!vscode.workspace.workspaceFolders?.length) throw new InvalidArgumentError('Open a folder to scan it.');
  const outcome = await deps.workspace.scanWorkspace(prompts.interactive ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window);
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
  if (!outcome.cancelled) {
    const show = vscode.l10n.t('Show Problems');
    const counts = findings.length === 0
      ? vscode.l10n.t('No Palette API keys found in {0} files.', outcome.filesScanned)
      : vscode.l10n.t('Found {0} possible Palette API key(s) in {1} files.', findings.length, outcome.filesScanned);
    const notes = [
      ...(outcome.filesOverBudget === 0 ? [] : [vscode.l10n.t('{0} file(s) not scanned: their scan took too long (see the log).', outcome.filesOverBudget)]),
      ...(workspaceRestricted() ? [restrictedModeNote()] : []),
    ];
    const message = [counts, ...notes].join(' ');
    void prompts.inform(message, ...(findings.length > 0 ? [show] : [])).then((picked) => {
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
    restrictedMode: workspaceRestricted(),
  };
}

interface RegisterRequest {
  /** A scripted call's value (checked); asked for otherwise. */
  readonly value?: string;
  /** The key the value belongs to; with a scripted value, none means "a registered value". */
  readonly keyUid?: string;
}

/**
 * Adds a value the scanner should recognise exactly: a password box interactively, `{value, keyUid?}`
 * scripted. With a key of the active connection the value is kept as that key's (so findings name
 * it and can revoke it); otherwise as a registered value. Resolves to the fingerprint its findings
 * will carry, never the value.
 */
function registerKnownKeyCommand(deps: ScannerCommandDeps): CommandDefinition<RegisterRequest, { fingerprint: string }> {
  return {
    failureTitle: vscode.l10n.t('Could not register the key value'),
    parse: (arg, mode) => {
      if (mode !== 'scripted' || !isScriptArgs(arg)) return {};
      const value = requiredString(arg, 'value', MAX_VALUE_LENGTH).trim();
      const problem = validateValue(value);
      if (problem) throw new InvalidArgumentError(`The "value" argument ${problem}`);
      const keyUid = optionalString(arg, 'keyUid', 256);
      return { value, ...(keyUid !== undefined ? { keyUid } : {}) };
    },
    run: (request, prompts) => registerKnownKey(deps, request, prompts),
  };
}

async function registerKnownKey(deps: ScannerCommandDeps, request: RegisterRequest, prompts: Prompts): Promise<{ fingerprint: string } | undefined> {
  let keyUid = request.keyUid;
  const value = request.value ?? (await prompts.input({
    argument: 'value',
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
  if (request.value === undefined) {
    const picked = await pickKey(deps, prompts);
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
  // The write fired the vault's change event, which the known values follow: wait for them to catch up.
  await deps.knownValues.whenLoaded();
  await deps.fingerprints.whenReady();
  deps.log.info(`registered a known key value${keyUid ? ` for key ${keyUid}` : ''}`);
  return { fingerprint: findingFingerprint(knownKeyDetector.meta.id, value) };
}

/** Which key of the active connection the value belongs to: a uid, undefined for "none of these", null when cancelled. */
async function pickKey(deps: ScannerCommandDeps, prompts: Prompts): Promise<string | undefined | null> {
  const keys = deps.session.keys;
  if (keys.length === 0) return undefined;
  const none: vscode.QuickPickItem = { label: vscode.l10n.t('None of these, or not sure'), alwaysShow: true };
  const items: (vscode.QuickPickItem & { uid?: string })[] = [
    none,
    ...keys.map((key) => ({ label: key.name, description: key.owner.displayName, detail: key.uid, uid: key.uid })),
  ];
  const picked = await prompts.pick(items, {
    argument: 'keyUid',
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

/**
 * "Revoke this key in Palette": revokes through `paletteKeys.revokeKey`, asked the way this call
 * was, so a person gets its confirmation, its Undo and its error.
 */
function revokeLeakedKeyCommand(): CommandDefinition<{ uid: string; confirm: boolean }, PlainKey> {
  return {
    failureTitle: vscode.l10n.t('Could not revoke the key'),
    parse: (arg) => {
      if (!isScriptArgs(arg)) throw new InvalidArgumentError('Pass {uid}.');
      return { uid: requiredString(arg, 'uid', 256), confirm: arg.confirm === true };
    },
    run: async ({ uid, confirm }, prompts) => {
      const revoked = await vscode.commands.executeCommand<PlainKey | undefined>('paletteKeys.revokeKey', prompts.interactive ? { uid, interactive: true } : { uid, confirm });
      return revoked ?? undefined;
    },
  };
}

interface IgnoreRequest {
  readonly uri: vscode.Uri;
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly line?: number;
}

/** "Ignore this finding": appends its fingerprint to the folder's ignore file, with a comment naming file, line and rule. */
function ignoreFindingCommand(deps: ScannerCommandDeps): CommandDefinition<IgnoreRequest, { fingerprint: string; ignoreFile: string }> {
  return {
    failureTitle: vscode.l10n.t('Could not ignore the finding'),
    parse: (given) => {
      // From the "Leaked keys" view's inline action: the finding's node.
      const arg = given instanceof FindingNode ? { ...given.ignoreArgs } : given;
      if (!isScriptArgs(arg)) throw new InvalidArgumentError('Pass {uri, fingerprint, ruleId, line}.');
      const fingerprint = requiredString(arg, 'fingerprint', 64);
      if (!isFindingFingerprint(fingerprint)) throw new InvalidArgumentError('The "fingerprint" argument is not a finding fingerprint.');
      return {
        uri: vscode.Uri.parse(requiredString(arg, 'uri', 4096)),
        fingerprint,
        ruleId: requiredString(arg, 'ruleId', 200),
        ...(typeof arg.line === 'number' ? { line: arg.line } : {}),
      };
    },
    run: async ({ uri, fingerprint, ruleId, line }) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
      if (!folder) throw new InvalidArgumentError('Open a folder to keep an ignore file in it.');
      const where = `${vscode.workspace.asRelativePath(uri, false)}${line !== undefined ? `:${line}` : ''}`;
      await deps.ignoreFiles.append(folder, fingerprint, `${where} ${ruleId}`);
      deps.store.republishAll();
      deps.log.info(`ignored finding ${fingerprint} (${ruleId})`);
      return { fingerprint, ignoreFile: vscode.workspace.asRelativePath(deps.ignoreFiles.fileOf(folder), false) };
    },
  };
}

interface FixRequest {
  readonly uri: vscode.Uri;
  readonly range: vscode.Range;
}

/**
 * "Fix…" in the "Leaked keys" view: opens the file at the finding and shows its quick fixes (the
 * light bulb's list: revoke, replace with an environment reference, ignore), so there is one set of
 * fixes. Scripted: `{uri, line, column}` (1-based), resolves once the editor shows the line.
 */
function fixFindingCommand(): CommandDefinition<FixRequest, { uri: string; line: number }> {
  return {
    failureTitle: vscode.l10n.t('Could not show the fixes'),
    parse: (arg) => {
      if (arg instanceof FindingNode) return { uri: arg.uri, range: arg.view.diagnostic.range };
      if (!isScriptArgs(arg)) throw new InvalidArgumentError('Pass {uri, line, column}.');
      const line = typeof arg.line === 'number' && Number.isSafeInteger(arg.line) && arg.line >= 1 ? arg.line : undefined;
      const column = typeof arg.column === 'number' && Number.isSafeInteger(arg.column) && arg.column >= 1 ? arg.column : 1;
      if (line === undefined) throw new InvalidArgumentError('The "line" argument must be a line number (1 or more).');
      const position = new vscode.Position(line - 1, column - 1);
      return { uri: vscode.Uri.parse(requiredString(arg, 'uri', 4096)), range: new vscode.Range(position, position) };
    },
    run: async ({ uri, range }) => {
      const editor = await vscode.window.showTextDocument(uri, { selection: range, preview: true });
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      await vscode.commands.executeCommand('editor.action.quickFix');
      return { uri: uri.toString(), line: range.start.line + 1 };
    },
  };
}
