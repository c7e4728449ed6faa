import * as vscode from 'vscode';
import type { ApiKey } from '../../core/keys/apiKey';
import { classifyKey, describeExpiry, type KeyStatus } from '../../core/keys/expiry';
import { findOrphans } from '../../core/keys/review';
import type { CommandId } from '../constants';
import type { FindingNode } from '../scanner/findingsTree';

/** One row of the details page: a label and its text. */
export interface DetailField {
  readonly label: string;
  readonly value: string;
}

/** A leak of this key the workspace scan found: where it is, masked. */
export interface DetailFinding {
  readonly file: string;
  readonly line: number;
  readonly masked: string;
  /** `file:` URI with `#L<line>`, opened by `vscode.open`. */
  readonly target: string;
}

/** An action link: a command of this extension with the key's uid, run as a person would. */
export interface DetailAction {
  readonly label: string;
  readonly command: CommandId;
}

/** Everything the details page shows about one key. Never its value: at most where the value is kept. */
export interface KeyDetails {
  readonly uid: string;
  readonly name: string;
  readonly description: string;
  readonly status: KeyStatus;
  readonly fields: readonly DetailField[];
  /** Where the value is kept, in a sentence. */
  readonly valueKept: string;
  readonly findings: readonly DetailFinding[];
  readonly actions: readonly DetailAction[];
}

export interface KeyDetailsSource {
  readonly keys: readonly ApiKey[];
  readonly users: readonly { uid: string; displayName: string }[] | undefined;
  readonly now: Date;
  readonly warningDays: number;
  /** This extension holds the value in secret storage (created here, or registered with its key). */
  readonly valueKnown: boolean;
  readonly findings: readonly FindingNode[];
}

const STATUS_TEXT: Record<KeyStatus, string> = {
  active: vscode.l10n.t('Active'),
  expiring: vscode.l10n.t('Expiring soon'),
  expired: vscode.l10n.t('Expired'),
  revoked: vscode.l10n.t('Revoked'),
};

/** The details of `key` as the page shows them. */
export function keyDetails(key: ApiKey, source: KeyDetailsSource): KeyDetails {
  const status = classifyKey(key, source.now, source.warningDays);
  const orphaned = source.users !== undefined && findOrphans([key], source.users).length > 0;
  const relative = status === 'revoked' ? vscode.l10n.t('revoked') : describeExpiry(key.expiry, source.now);
  const fields: DetailField[] = [
    { label: vscode.l10n.t('State'), value: `${STATUS_TEXT[status]} (${relative})` },
    { label: vscode.l10n.t('Expires'), value: key.expiry.toUTCString() },
    { label: vscode.l10n.t('Owner'), value: orphaned ? vscode.l10n.t('{0} (no longer a user of this tenant)', key.owner.displayName) : key.owner.displayName },
    { label: vscode.l10n.t('UID'), value: key.uid },
    ...(key.createdAt ? [{ label: vscode.l10n.t('Created'), value: key.createdAt.toUTCString() }] : []),
    ...(key.lastModifiedAt ? [{ label: vscode.l10n.t('Last modified'), value: key.lastModifiedAt.toUTCString() }] : []),
  ];
  const findings = source.findings
    .filter((node) => node.view.known?.key?.uid === key.uid)
    .map((node) => ({
      file: vscode.workspace.asRelativePath(node.uri),
      line: node.view.finding.line,
      masked: node.view.finding.masked,
      target: node.uri.with({ fragment: `L${node.view.finding.line}` }).toString(),
    }));
  return {
    uid: key.uid,
    name: key.name,
    description: key.description,
    status,
    fields,
    valueKept: source.valueKnown
      ? vscode.l10n.t('In VS Code\'s secret storage on this machine (the key was created here, or its value registered with the scanner), so the scanner recognises it exactly. It is never shown again.')
      : vscode.l10n.t('Not kept by this extension: Palette shows a key\'s value only once, to whoever created it.'),
    findings,
    actions: actionsFor(status),
  };
}

function actionsFor(status: KeyStatus): DetailAction[] {
  const live = status !== 'revoked';
  return [
    { label: vscode.l10n.t('Edit…'), command: 'paletteKeys.editKey' },
    ...(live ? [{ label: vscode.l10n.t('Renew'), command: 'paletteKeys.renewKey' } as const] : []),
    { label: vscode.l10n.t('Rotate…'), command: 'paletteKeys.rotateKey' },
    live ? { label: vscode.l10n.t('Revoke…'), command: 'paletteKeys.revokeKey' } : { label: vscode.l10n.t('Re-activate'), command: 'paletteKeys.reactivateKey' },
    { label: vscode.l10n.t('Delete…'), command: 'paletteKeys.deleteKey' },
    { label: vscode.l10n.t('Copy UID'), command: 'paletteKeys.copyKeyUid' },
    { label: vscode.l10n.t('Open in Palette Console'), command: 'paletteKeys.openInConsole' },
  ];
}
