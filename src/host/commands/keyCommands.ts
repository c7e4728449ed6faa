import * as vscode from 'vscode';
import { toPlainKey, type ApiKey, type PlainKey } from '../../core/keys/apiKey';
import { consoleUrlFor } from '../../core/connections/hostUrl';
import { KeyValidationError } from '../../core/keys/errors';
import { expiryFromPreset, type KeyFormInput } from '../../shared/keyFormValidation';
import { describeError } from '../errorPresenter';
import { KeyFormPanel, type KeyFormSubmitResult } from '../keyForm/keyFormPanel';
import {
  type ScriptArgs, isScriptArgs, optionalNumber, optionalString, requireConfirmation, requiredString,
} from './commandArgs';
import type { CommandDeps } from './commandDeps';
import { KEY_ENV_VAR, warnValueNotKept } from './newKeyValue';
import { resolveTargetKey } from './keyTarget';

/** Create: the form interactively; `{name, description?, expiry? | expiresInDays?, userUid?}` scripted. */
export async function createKey(deps: CommandDeps, arg: unknown, scripted: boolean): Promise<PlainKey | undefined> {
  const service = deps.session.service;
  deps.session.requireConnection();
  if (scripted && isScriptArgs(arg)) {
    const form = createFormFromArgs(deps, arg);
    const created = await service.createKey(form);
    if (!created.kept) warnValueNotKept(created.key);
    return toPlainKey(created.key);
  }
  const me = await service.whoAmI();
  let createdKey: ApiKey | undefined;
  const panel = KeyFormPanel.open(deps.extensionUri, {
    mode: 'create',
    title: vscode.l10n.t('Create Palette API Key'),
    isAdmin: me.isTenantAdmin,
    initial: { expiry: expiryFromPreset(deps.settings().recommendedExpiryDays, deps.now()).toISOString() },
    limits: () => limitsNow(deps),
    ...(me.isTenantAdmin ? { searchUsers: (query: string) => searchUsers(deps, query) } : {}),
    submit: async (input: KeyFormInput): Promise<KeyFormSubmitResult> => {
      try {
        const created = await service.createKey(input);
        if (!created.kept) warnValueNotKept(created.key);
        createdKey = created.key;
        return { ok: true, reveal: { keyName: created.key.name, value: created.value, envVarName: KEY_ENV_VAR } };
      } catch (e) {
        return formFailure(e);
      }
    },
  }, deps.log);
  await new Promise<void>((resolve) => panel.onDidClose(() => resolve()));
  return createdKey ? toPlainKey(createdKey) : undefined;
}

/** Edit: the form interactively; `{uid, name?, description?, expiry?}` scripted. */
export async function editKey(deps: CommandDeps, arg: unknown, scripted: boolean): Promise<PlainKey | undefined> {
  const service = deps.session.service;
  deps.session.requireConnection();
  if (scripted && isScriptArgs(arg)) {
    const uid = requiredString(arg, 'uid', 256);
    const changes = {
      name: optionalString(arg, 'name', 1000),
      description: optionalString(arg, 'description', 10_000),
      expiry: optionalString(arg, 'expiry', 100),
    };
    const updated = await service.editKey(uid, stripUndefined(changes));
    return toPlainKey(updated);
  }
  const key = await resolveTargetKey(deps, arg, vscode.l10n.t('Edit API Key'));
  if (!key) return undefined;
  let updatedKey: ApiKey | undefined;
  const panel = KeyFormPanel.open(deps.extensionUri, {
    mode: 'edit',
    title: vscode.l10n.t('Edit "{0}"', key.name),
    isAdmin: false,
    initial: { name: key.name, description: key.description, expiry: key.expiry.toISOString() },
    limits: () => limitsNow(deps),
    submit: async (input: KeyFormInput): Promise<KeyFormSubmitResult> => {
      try {
        updatedKey = await service.editKey(key.uid, { name: input.name, description: input.description, expiry: input.expiry });
        return { ok: true };
      } catch (e) {
        return formFailure(e);
      }
    },
  }, deps.log);
  await new Promise<void>((resolve) => panel.onDidClose(() => resolve()));
  return updatedKey ? toPlainKey(updatedKey) : undefined;
}

export async function revokeKey(deps: CommandDeps, arg: unknown): Promise<PlainKey | undefined> {
  const key = await resolveTargetKey(deps, arg, vscode.l10n.t('Revoke API Key'), (status) => status !== 'revoked');
  if (!key) return undefined;
  await deps.session.service.revokeKey(key.uid);
  return toPlainKey(await deps.session.service.getKey(key.uid));
}

export async function reactivateKey(deps: CommandDeps, arg: unknown): Promise<PlainKey | undefined> {
  const key = await resolveTargetKey(deps, arg, vscode.l10n.t('Re-activate API Key'), (status) => status === 'revoked');
  if (!key) return undefined;
  await deps.session.service.reactivateKey(key.uid);
  return toPlainKey(await deps.session.service.getKey(key.uid));
}

/** Renew: extends the expiry by `days` (default from settings) from now or from the current expiry, whichever is later. */
export async function renewKey(deps: CommandDeps, arg: unknown, scripted: boolean): Promise<PlainKey | undefined> {
  const key = await resolveTargetKey(deps, arg, vscode.l10n.t('Renew API Key'), (status) => status !== 'revoked');
  if (!key) return undefined;
  const days = (isScriptArgs(arg) ? optionalNumber(arg, 'days', 1, 3650) : undefined) ?? deps.settings().renewDays;
  const renewed = await deps.session.service.renewKey(key.uid, days);
  if (!scripted) {
    void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" now expires on {1}.', renewed.name, renewed.expiry.toUTCString()));
  }
  return toPlainKey(renewed);
}

/** Delete: a modal confirmation interactively; `{uid, confirm: true}` scripted. */
export async function deleteKey(deps: CommandDeps, arg: unknown, scripted: boolean): Promise<PlainKey | undefined> {
  if (scripted && isScriptArgs(arg)) requireConfirmation(arg, 'delete a key');
  const key = await resolveTargetKey(deps, arg, vscode.l10n.t('Delete API Key'));
  if (!key) return undefined;
  if (!scripted) {
    const confirm = vscode.l10n.t('Delete');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete API key "{0}"?', key.name),
      { modal: true, detail: vscode.l10n.t('Anything still using it stops working at once. This cannot be undone.') },
      confirm,
    );
    if (answer !== confirm) return undefined;
  }
  await deps.session.service.deleteKey(key.uid);
  return toPlainKey(key);
}

export async function copyKeyUid(deps: CommandDeps, arg: unknown): Promise<PlainKey | undefined> {
  const key = await resolveTargetKey(deps, arg, vscode.l10n.t('Copy Key UID'));
  if (!key) return undefined;
  await vscode.env.clipboard.writeText(key.uid);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the UID of "{0}"', key.name), 3000);
  return toPlainKey(key);
}

export async function openInConsole(deps: CommandDeps): Promise<{ url: string }> {
  const connection = deps.session.requireConnection();
  const url = consoleUrlFor(connection.baseUrl);
  await vscode.env.openExternal(vscode.Uri.parse(url));
  return { url };
}

/** The create form a scripted `createKey` call describes; the expiry defaults to the recommended lifetime. */
function createFormFromArgs(deps: CommandDeps, args: ScriptArgs): KeyFormInput {
  const expiry = optionalString(args, 'expiry', 100);
  const days = optionalNumber(args, 'expiresInDays', 0, 36500);
  if (expiry !== undefined && days !== undefined) {
    throw new KeyValidationError([{ field: 'expiry', severity: 'error', message: 'Give either "expiry" or "expiresInDays", not both.' }]);
  }
  const resolvedExpiry = expiry ?? expiryFromPreset(days ?? deps.settings().recommendedExpiryDays, deps.now()).toISOString();
  const userUid = optionalString(args, 'userUid', 256);
  return {
    name: requiredString(args, 'name', 1000),
    description: optionalString(args, 'description', 10_000) ?? '',
    expiry: resolvedExpiry,
    ...(userUid ? { userUid } : {}),
  };
}

function limitsNow(deps: CommandDeps) {
  const settings = deps.settings();
  return { now: deps.now(), maxExpiryDays: settings.maxExpiryDays, recommendedExpiryDays: settings.recommendedExpiryDays };
}

async function searchUsers(deps: CommandDeps, query: string) {
  const users = deps.session.users ?? await deps.session.service.listUsers();
  const needle = query.trim().toLocaleLowerCase();
  return users
    .filter((user) => !needle || `${user.displayName}\n${user.email}`.toLocaleLowerCase().includes(needle))
    .slice(0, 50)
    .map((user) => ({ uid: user.uid, displayName: user.displayName, email: user.email }));
}

function formFailure(e: unknown): KeyFormSubmitResult {
  if (e instanceof KeyValidationError) return { ok: false, error: e.message, fieldIssues: [...e.issues] };
  return { ok: false, error: describeError(e).message };
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
