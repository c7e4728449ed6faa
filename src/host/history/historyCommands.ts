import * as vscode from 'vscode';
import type { PlainKey } from '../../core/keys/apiKey';
import { isFindingFingerprint } from '../../core/scanner/fingerprint';
import { GitError, HistoryScanCancelled } from '../../core/scanner/history/gitProcess';
import type { HistoryFinding } from '../../core/scanner/history/historyFinding';
import { scanHistoryOnWorker } from '../../core/scanner/history/scanHistoryOnWorker';
import type { CommandHandler } from '../commands';
import { InvalidArgumentError, isScriptArgs, optionalNumber, requiredString } from '../commands/commandArgs';
import { commandHandler, type CommandDefinition } from '../commands/commandRunner';
import { InteractivePrompts } from '../commands/interactivePrompts';
import type { Prompts } from '../commands/prompts';
import { REVOKE_CONSENT } from '../commands/revokeKey';
import type { HistoryCommandId } from '../constants';
import type { Logger } from '../logger';
import type { IgnoreFiles } from '../scanner/ignoreFiles';
import type { KnownKeyFingerprints } from '../scanner/knownKeyFingerprints';
import { readScannerSettings } from '../scanner/scannerSettings';
import { historicalFileUri } from './historyDocumentProvider';
import type { FolderFinding, HistoryTreeNode, HistoryTreeProvider, LeakNode, OccurrenceNode } from './historyTree';

export interface HistoryCommandDeps {
  readonly extensionUri: vscode.Uri;
  readonly fingerprints: KnownKeyFingerprints;
  readonly ignoreFiles: IgnoreFiles;
  readonly tree: HistoryTreeProvider;
  readonly log: Logger;
  /** Called after a scan with its findings, so the view can show itself. */
  readonly showResults: (findings: readonly FolderFinding[]) => Promise<void>;
}

/** One finding as a scripted `scanHistory` returns it: masked, never the value. */
export interface ScriptedHistoryFinding {
  readonly folder: string;
  readonly source: HistoryFinding['source'];
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly commit: string;
  readonly author: string;
  readonly date: string;
  readonly presentAtHead: boolean;
  readonly ruleId: string;
  readonly masked: string;
  readonly fingerprint: string;
  readonly known: boolean;
}

export interface ScriptedHistoryResult {
  readonly cancelled: boolean;
  readonly folders: readonly { name: string; repository: boolean; commitsScanned: number; shallow: boolean; empty: boolean }[];
  readonly findings: readonly ScriptedHistoryFinding[];
}

/** The history scan's commands, each defined once (parse, then run) and behind the shared error policy. */
export function historyCommands(deps: HistoryCommandDeps): Record<HistoryCommandId, CommandHandler> {
  const interactive = new InteractivePrompts(deps.extensionUri, deps.log);
  const handler = <Request, Result>(id: HistoryCommandId, definition: CommandDefinition<Request, Result>) =>
    commandHandler(id, definition, interactive, deps.log);
  return {
    'paletteKeys.scanHistory': handler('paletteKeys.scanHistory', {
      failureTitle: vscode.l10n.t('Could not scan the git history'),
      parse: () => ({}),
      run: (_request, prompts) => scanFolders(deps, prompts),
    }),
    'paletteKeys.openHistoryFile': handler('paletteKeys.openHistoryFile', {
      failureTitle: vscode.l10n.t('Could not open the file as it was in that commit'),
      parse: (arg) => occurrenceOf(deps, arg),
      run: (occurrence) => openHistoryFile(occurrence),
    }),
    'paletteKeys.revokeHistoryLeak': handler('paletteKeys.revokeHistoryLeak', {
      failureTitle: vscode.l10n.t('Could not revoke the key'),
      parse: (arg) => leakOf(deps, arg),
      run: (leak, prompts) => revokeHistoryLeak(deps, leak, prompts),
    }),
    'paletteKeys.ignoreHistoryLeak': handler('paletteKeys.ignoreHistoryLeak', {
      failureTitle: vscode.l10n.t('Could not ignore the leak'),
      parse: (arg) => leakOf(deps, arg),
      run: (leak) => ignoreHistoryLeak(deps, leak),
    }),
    'paletteKeys.copyHistoryCommitId': handler('paletteKeys.copyHistoryCommitId', {
      failureTitle: vscode.l10n.t('Could not copy the commit id'),
      parse: (arg) => (isNode(arg) && arg.kind === 'leak' ? arg.findings[0].commit : occurrenceOf(deps, arg).finding.commit),
      run: (commit) => copyCommitId(commit),
    }),
  };
}

/**
 * Scans the history of every workspace folder that is in a git repository (folders that are not
 * are passed over), with progress and Cancel. Interactive: a notification; scripted: the status bar.
 */
async function scanFolders(deps: HistoryCommandDeps, prompts: Prompts): Promise<ScriptedHistoryResult | undefined> {
  const scripted = !prompts.interactive;
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  if (folders.length === 0) throw new InvalidArgumentError('Open a folder that is in a git repository to scan its history.');
  await deps.fingerprints.whenReady();
  const settings = readScannerSettings();
  const found: FolderFinding[] = [];
  const summaries: ScriptedHistoryResult['folders'][number][] = [];
  let cancelled = false;
  await vscode.window.withProgress(
    { location: scripted ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification, title: vscode.l10n.t('Scanning git history for Palette API keys'), cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        for (const folder of folders) {
          progress.report({ message: folder.name });
          try {
            // On a worker thread: the walk parses git's output as fast as git writes it, which would
            // hold the extension host's thread, and its heap stays bounded however long the history.
            const result = await scanHistoryOnWorker(
              {
                cwd: folder.uri.fsPath,
                // A folder inside a larger repository: its own files' history only.
                paths: ['.'],
                config: { maxFileSize: settings.maxFileSizeBytes, minConfidence: settings.minConfidence, knownKeys: deps.fingerprints.workerConfig },
                signal: controller.signal,
                onProgress: (commits) => progress.report({ message: vscode.l10n.t('{0}: {1} commits', folder.name, commits) }),
              },
              vscode.Uri.joinPath(deps.extensionUri, 'dist', 'historyWorker.js').fsPath,
            );
            for (const finding of result.findings) found.push({ folder, root: result.root, finding });
            summaries.push({ name: folder.name, repository: true, commitsScanned: result.commitsScanned, shallow: result.shallow, empty: result.empty });
            deps.log.info(`history of ${folder.name}: ${result.commitsScanned} commits, ${result.findings.length} finding(s)${result.shallow ? ' (shallow clone)' : ''}`);
          } catch (e) {
            if (e instanceof HistoryScanCancelled) {
              cancelled = true;
              break;
            }
            if (!(e instanceof GitError)) throw e;
            deps.log.info(`history of ${folder.name} not scanned: ${e.message}`);
            summaries.push({ name: folder.name, repository: false, commitsScanned: 0, shallow: false, empty: true });
          }
        }
      } finally {
        subscription.dispose();
      }
    },
  );
  if (!summaries.some((summary) => summary.repository) && !cancelled) {
    throw new InvalidArgumentError('No workspace folder is in a git repository.');
  }
  await deps.showResults(found);
  const visible = found.filter(({ folder, finding }) => !deps.ignoreFiles.isIgnored(folder.uri, finding.fingerprint));
  if (!scripted && !cancelled) void summarize(visible, summaries);
  return {
    cancelled,
    folders: summaries,
    findings: visible.map(({ folder, finding }) => ({
      folder: folder.name,
      source: finding.source,
      file: finding.file,
      line: finding.line,
      column: finding.column,
      commit: finding.commit,
      author: finding.author,
      date: finding.date,
      presentAtHead: finding.presentAtHead,
      ruleId: finding.ruleId,
      masked: finding.masked,
      fingerprint: finding.fingerprint,
      known: finding.knownKeyId !== undefined,
    })),
  };
}

async function summarize(findings: readonly FolderFinding[], summaries: ScriptedHistoryResult['folders']): Promise<void> {
  const commits = summaries.reduce((sum, summary) => sum + summary.commitsScanned, 0);
  const keys = new Set(findings.map(({ finding }) => finding.fingerprint)).size;
  if (keys === 0) {
    await vscode.window.showInformationMessage(vscode.l10n.t('No Palette API keys found in {0} commits.', commits));
    return;
  }
  await vscode.window.showWarningMessage(
    vscode.l10n.t('Found {0} Palette API key(s) in the git history ({1} commits). Revoke or rotate them: deleting a key, or rewriting history, does not unpublish it once pushed.', keys, commits),
  );
}

/** Opens the file of an occurrence as it was in its introducing commit, read-only, at the finding's line. */
async function openHistoryFile(target: OccurrenceNode): Promise<{ uri: string } | undefined> {
  if (target.finding.source !== 'file') throw new InvalidArgumentError('This leak is in a commit message, not a file.');
  const uri = historicalFileUri(target.leak.root, target.finding.commit, target.finding.file);
  const line = Math.max(0, target.finding.line - 1);
  const column = Math.max(0, target.finding.column - 1);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: true, selection: new vscode.Range(line, column, line, column) });
  return { uri: uri.toString() };
}

/**
 * Revokes the known key a leak holds through `paletteKeys.revokeKey`: a person gets its modal
 * (naming the key and its owner, with Rotate Instead) and Undo; a script passes `{fingerprint, confirm: true}`.
 */
async function revokeHistoryLeak(deps: HistoryCommandDeps, leak: LeakNode, prompts: Prompts): Promise<PlainKey | undefined> {
  const known = deps.tree.knownKey(leak);
  if (known?.revocableUid === undefined) throw new InvalidArgumentError('This leak is not a key of the active connection that can be revoked from here.');
  const uid = known.revocableUid;
  // A person is asked by the revoke itself (the key's name and owner, Rotate Instead); a script consents here.
  const args = prompts.interactive
    ? { uid, interactive: true }
    : { uid, confirm: await prompts.confirm({ message: 'Revoke the key in Palette?', action: 'Revoke', scriptedConsent: REVOKE_CONSENT }) };
  const revoked = await vscode.commands.executeCommand<PlainKey | undefined>('paletteKeys.revokeKey', args);
  deps.tree.redraw();
  return revoked ?? undefined;
}

/** Adds a leak's fingerprint to its folder's `.palette-keys-ignore`, with a comment naming the commit and file. */
async function ignoreHistoryLeak(deps: HistoryCommandDeps, leak: LeakNode): Promise<{ fingerprint: string } | undefined> {
  const first = leak.findings[0];
  const where = first.source === 'file' ? `${first.file}:${first.line}` : `commit ${first.source}`;
  await deps.ignoreFiles.append(leak.folder, leak.fingerprint, `git history ${first.commit.slice(0, 12)} ${where} ${first.ruleId}`);
  deps.tree.redraw();
  deps.log.info(`ignored history finding ${leak.fingerprint} (${first.ruleId})`);
  return { fingerprint: leak.fingerprint };
}

async function copyCommitId(commit: string): Promise<{ commit: string }> {
  await vscode.env.clipboard.writeText(commit);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied commit id {0}', commit.slice(0, 12)), 3000);
  return { commit };
}

function isNode(arg: unknown): arg is HistoryTreeNode {
  return typeof arg === 'object' && arg !== null && 'kind' in arg && ((arg as HistoryTreeNode).kind === 'leak' || (arg as HistoryTreeNode).kind === 'occurrence');
}

/** The leak a tree node or `{fingerprint}` names, among the findings on show. */
function leakOf(deps: HistoryCommandDeps, arg: unknown): LeakNode {
  if (isNode(arg)) return arg.kind === 'leak' ? arg : arg.leak;
  if (!isScriptArgs(arg)) throw new InvalidArgumentError('Pass {fingerprint}, or run this from the Leaks in Git History view.');
  const fingerprint = requiredString(arg, 'fingerprint', 64);
  if (!isFindingFingerprint(fingerprint)) throw new InvalidArgumentError('The "fingerprint" argument is not a finding fingerprint.');
  const leak = deps.tree.visibleLeaks().find((candidate) => candidate.fingerprint === fingerprint);
  if (!leak) throw new InvalidArgumentError('No leak with that fingerprint is on show: scan the git history first.');
  return leak;
}

/** The occurrence a tree node or `{fingerprint, file?, line?}` names. */
function occurrenceOf(deps: HistoryCommandDeps, arg: unknown): OccurrenceNode {
  if (isNode(arg) && arg.kind === 'occurrence') return arg;
  const leak = leakOf(deps, arg);
  const file = isScriptArgs(arg) && typeof arg.file === 'string' ? arg.file : undefined;
  const line = isScriptArgs(arg) ? optionalNumber(arg, 'line', 1, Number.MAX_SAFE_INTEGER) : undefined;
  const finding = leak.findings.find((candidate) => (file === undefined || candidate.file === file) && (line === undefined || candidate.line === line));
  if (!finding) throw new InvalidArgumentError('That leak has no finding in that file.');
  return { kind: 'occurrence', leak, finding };
}
