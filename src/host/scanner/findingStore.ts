import * as vscode from 'vscode';
import { meetsConfidence } from '../../core/scanner/confidence';
import type { Finding } from '../../core/scanner/types';
import { Disposable } from '../lifecycle';
import { toDiagnostic, type FindingView } from './findingDiagnostic';
import type { IgnoreFiles } from './ignoreFiles';
import type { KeptOutOfGit } from './keptOutOfGit';
import type { KnownKeyDescriber } from './knownKeyDescriber';
import type { ScannerSettings } from './scannerSettings';
import { workspaceRestricted } from './workspaceTrust';

/** Who put a file's findings here: the open-document scanner owns a file while it is open. */
export type FindingOrigin = 'document' | 'workspace';

interface Entry {
  readonly uri: vscode.Uri;
  readonly origin: FindingOrigin;
  /** Unfiltered by the ignore file and confidence, so either can change without a re-scan. */
  readonly findings: readonly Finding[];
  views: readonly FindingView[];
}

/**
 * Every finding the scanner has, per file, and the one DiagnosticCollection they are shown in.
 * Publishing applies the ignore file (not in Restricted Mode), the confidence setting and what is known about each key now,
 * so a changed ignore file or a revoked key only needs `republishAll`.
 */
export class FindingStore extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('paletteKeys'));
  private readonly entries = new Map<string, Entry>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires after the shown findings changed (a file's findings set or removed, or all re-published). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly ignoreFiles: IgnoreFiles,
    private readonly describer: KnownKeyDescriber,
    private readonly settings: () => ScannerSettings,
    private readonly keptOutOfGit?: KeptOutOfGit,
  ) {
    super();
    if (keptOutOfGit) this._register(keptOutOfGit.onDidChange((uri) => this.republish(uri)));
  }

  set(uri: vscode.Uri, origin: FindingOrigin, findings: readonly Finding[]): void {
    const key = uri.toString();
    if (findings.length === 0) {
      this.delete(uri);
      return;
    }
    const entry: Entry = { uri, origin, findings, views: [] };
    this.entries.set(key, entry);
    this.publish(entry);
    // Git may have started or stopped ignoring (or tracking) the file since it was last asked.
    this.keptOutOfGit?.check(uri);
  }

  delete(uri: vscode.Uri): void {
    this.keptOutOfGit?.forget(uri);
    if (!this.entries.delete(uri.toString())) return;
    this.collection.delete(uri);
    this.changed.fire();
  }

  origin(uri: vscode.Uri): FindingOrigin | undefined {
    return this.entries.get(uri.toString())?.origin;
  }

  /** Files that have findings (shown or not). */
  uris(): vscode.Uri[] {
    return [...this.entries.values()].map((entry) => entry.uri);
  }

  /** The findings shown for a file. */
  views(uri: vscode.Uri): readonly FindingView[] {
    return this.entries.get(uri.toString())?.views ?? [];
  }

  /** Every shown finding, by file: what the "Leaked keys" view and the key details list. */
  allViews(): { readonly uri: vscode.Uri; readonly views: readonly FindingView[] }[] {
    return [...this.entries.values()].filter((entry) => entry.views.length > 0).map(({ uri, views }) => ({ uri, views }));
  }

  /** The shown findings whose range touches `range`. */
  viewsAt(uri: vscode.Uri, range: vscode.Range): FindingView[] {
    return this.views(uri).filter((view) => view.diagnostic.range.intersection(range) !== undefined);
  }

  republish(uri: vscode.Uri): void {
    const entry = this.entries.get(uri.toString());
    if (entry) this.publish(entry);
  }

  republishAll(): void {
    for (const entry of this.entries.values()) this.publish(entry, false);
    this.changed.fire();
  }

  clear(): void {
    this.entries.clear();
    this.collection.clear();
    this.changed.fire();
  }

  private publish(entry: Entry, announce = true): void {
    const minimum = this.settings().minConfidence;
    // In Restricted Mode the workspace's ignore file must not hide the workspace's own leaks.
    const ignoreFileApplies = !workspaceRestricted();
    const keptOutOfGit = this.keptOutOfGit?.isKeptOut(entry.uri) ?? false;
    const views: FindingView[] = [];
    for (const finding of entry.findings) {
      if (ignoreFileApplies && this.ignoreFiles.isIgnored(entry.uri, finding.fingerprint)) continue;
      const known = finding.knownKeyId !== undefined ? this.describer.describe(finding.knownKeyId) : undefined;
      // A known key is always shown: the confidence setting tunes guesses, not exact matches.
      if (!known && !meetsConfidence(finding.confidence, minimum)) continue;
      views.push({ finding, ...(known ? { known } : {}), keptOutOfGit, diagnostic: toDiagnostic(finding, known, keptOutOfGit) });
    }
    entry.views = views;
    this.collection.set(entry.uri, views.map((view) => view.diagnostic));
    if (announce) this.changed.fire();
  }
}
