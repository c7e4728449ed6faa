import * as vscode from 'vscode';
import { describeExpiry } from '../../core/keys/expiry';
import { paletteKeysPreset } from '../../core/scanner/preset';
import { isDeadKey, isKeptLocally, knownKeyStateText, knownKeySubject, type FindingView } from './findingDiagnostic';
import type { FindingStore } from './findingStore';

const CONFIDENCE_WORDS = { high: 'high', medium: 'medium', low: 'low' } as const;

/**
 * Hover on a finding: what is known about the key (name, owner, expiry, state), or why the text
 * looks like a Palette key. Only the masked value is ever shown.
 */
export class FindingHoverProvider implements vscode.HoverProvider {
  constructor(private readonly store: FindingStore, private readonly now: () => Date) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const views = this.store.viewsAt(document.uri, new vscode.Range(position, position));
    if (views.length === 0) return undefined;
    const markdown = new vscode.MarkdownString();
    views.forEach((view, index) => {
      if (index > 0) markdown.appendMarkdown('\n\n---\n\n');
      this.describe(view, markdown);
    });
    return new vscode.Hover(markdown, views[0].diagnostic.range);
  }

  private describe(view: FindingView, markdown: vscode.MarkdownString): void {
    const { finding, known } = view;
    const keptLocally = isKeptLocally(known, view.keptOutOfGit === true);
    markdown.appendMarkdown('**Palette API key** ');
    markdown.appendCodeblock(finding.masked + (finding.encoding === 'base64' ? ' (base64-encoded)' : ''), 'text');
    if (known) {
      markdown.appendMarkdown(`This is the value of a key this machine knows: ${escapeMarkdown(knownKeySubject(known))}.\n\n`);
      if (known.key) {
        markdown.appendMarkdown(`- Owner: ${escapeMarkdown(known.key.owner.displayName)}`);
        markdown.appendMarkdown(`\n- Expiry: ${known.key.expiry.toISOString().slice(0, 10)} (${describeExpiry(known.key.expiry, this.now())})\n`);
      }
      markdown.appendMarkdown(`- State: **${knownKeyStateText(known)}**\n\n`);
      if (!keptLocally) {
        markdown.appendMarkdown(isDeadKey(known)
          ? 'It no longer grants access, but remove it from the file so it is not mistaken for a live key.'
          : 'Anyone who can read this file can use the key. Remove it, and revoke the key if the file was shared or committed.');
      }
    } else {
      const detector = paletteKeysPreset.find((candidate) => candidate.meta.id === finding.ruleId);
      // Rule texts are ours and use `code` spans on purpose: appended as Markdown.
      markdown.appendMarkdown(`Why this looks like a Palette API key: ${detector?.meta.docs.description ?? escapeMarkdown(finding.message)}`);
      markdown.appendMarkdown(` Confidence: **${CONFIDENCE_WORDS[finding.confidence]}**.\n\n`);
      if (detector) markdown.appendMarkdown(detector.meta.docs.help);
    }
    if (keptLocally) markdown.appendMarkdown('\n\nKept in an ignored file: git neither tracks nor commits it, so the key stays on this machine.');
    markdown.appendMarkdown(`\n\nRule \`${finding.ruleId}\` · fingerprint \`${finding.fingerprint}\``);
  }
}

/** Escapes the Markdown characters that could turn a key or owner name (set by anyone in the tenant) into markup. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (char) => `\\${char}`);
}
