import * as vscode from 'vscode';
import type { Finding } from '../../core/scanner/types';
import type { KnownKeyInfo } from './knownKeyDescriber';

/** The `source` of every diagnostic the scanner publishes; code actions and tests look for it. */
export const DIAGNOSTIC_SOURCE = 'Palette API Keys';

/** A finding as shown: the core finding (masked, no value), what is known of its key, and its diagnostic. */
export interface FindingView {
  readonly finding: Finding;
  readonly known?: KnownKeyInfo;
  readonly diagnostic: vscode.Diagnostic;
  /** The file is git-ignored and untracked: a key there stays on this machine. */
  readonly keptOutOfGit?: boolean;
}

/** True when the known key no longer works, so its leak is no longer urgent. */
export function isDeadKey(known: KnownKeyInfo | undefined): boolean {
  return known?.state === 'revoked' || known?.state === 'deleted' || known?.state === 'expired';
}

/**
 * True when a file that git ignores and does not track may hold the key: that is where a key is
 * meant to live (a local `.env`), unless the key is known to be dead or someone else's.
 */
export function isKeptLocally(known: KnownKeyInfo | undefined, keptOutOfGit: boolean): boolean {
  return keptOutOfGit && !isDeadKey(known) && known?.ownedByOther !== true;
}

/**
 * Error for a live known key, Warning for a high-confidence context finding, Information and Hint
 * below; a known key that was revoked, deleted or has expired drops to Information, and so does a
 * key kept in a git-ignored, untracked file (unless it is someone else's).
 */
export function severityOf(finding: Finding, known: KnownKeyInfo | undefined, keptOutOfGit = false): vscode.DiagnosticSeverity {
  if (isKeptLocally(known, keptOutOfGit)) return finding.confidence === 'low' ? vscode.DiagnosticSeverity.Hint : vscode.DiagnosticSeverity.Information;
  if (known) return isDeadKey(known) ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Error;
  switch (finding.confidence) {
    case 'high':
      return vscode.DiagnosticSeverity.Warning;
    case 'medium':
      return vscode.DiagnosticSeverity.Information;
    default:
      return vscode.DiagnosticSeverity.Hint;
  }
}

/** Who the key is, in words: `"ci-key" (Ada Admin)`, or where its value came from. */
export function knownKeySubject(known: KnownKeyInfo): string {
  if (known.key) return `"${known.key.name}" (${known.key.owner.displayName})`;
  switch (known.kind) {
    case 'credential':
      return 'that a saved Palette connection signs in with';
    case 'registered':
      return 'that you registered with the scanner';
    default:
      return 'kept by this extension';
  }
}

/** The key's state, in words. */
export function knownKeyStateText(known: KnownKeyInfo): string {
  switch (known.state) {
    case 'active':
      return 'active in Palette';
    case 'expiring':
      return 'active in Palette, expiring soon';
    case 'expired':
      return 'expired in Palette; it no longer works';
    case 'revoked':
      return 'revoked in Palette; it no longer works';
    case 'deleted':
      return 'deleted in Palette (no longer listed); it no longer works';
    default:
      return known.otherConnection ? 'belongs to another saved connection' : 'state unknown (not signed in to its tenant)';
  }
}

/** The Problems-panel text: masked value only. */
export function diagnosticMessage(finding: Finding, known: KnownKeyInfo | undefined, keptOutOfGit = false): string {
  const where = isKeptLocally(known, keptOutOfGit) ? ' Kept in an ignored file: git neither tracks nor commits it.' : '';
  if (known) {
    const base64 = finding.encoding === 'base64' ? ', base64-encoded' : '';
    return `Palette API key ${knownKeySubject(known)} in this file (${finding.masked}${base64}): ${knownKeyStateText(known)}.${where}`;
  }
  return `${finding.message} (${finding.masked})${where}`;
}

export function toDiagnostic(finding: Finding, known: KnownKeyInfo | undefined, keptOutOfGit = false): vscode.Diagnostic {
  const range = new vscode.Range(finding.line - 1, finding.column - 1, finding.endLine - 1, finding.endColumn - 1);
  const diagnostic = new vscode.Diagnostic(range, diagnosticMessage(finding, known, keptOutOfGit), severityOf(finding, known, keptOutOfGit));
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = finding.ruleId;
  return diagnostic;
}
