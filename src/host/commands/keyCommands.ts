import * as vscode from 'vscode';
import { toPlainKey, type ApiKey, type PlainKey } from '../../core/keys/apiKey';
import { consoleUrlFor } from '../../core/connections/hostUrl';
import { KeyValidationError } from '../../core/keys/errors';
import type { KeyChanges } from '../../core/keys/keyService';
import { expiryFromPreset, type KeyFormInput } from '../../shared/keyFormValidation';
import {
  type ScriptArgs, isScriptArgs, optionalNumber, optionalString, requireConfirmation, requiredString,
} from './commandArgs';
import type { CommandDeps } from './commandDeps';
import type { CommandDefinition } from './commandRunner';
import { KEY_ENV_VAR, warnValueNotKept } from './newKeyValue';
import { parseKeyTarget, resolveKey, type KeyTarget } from './keyTarget';

/** A command that acts on one key, named by its argument. */
interface TargetRequest {
  readonly target: KeyTarget;
}

/** Create: the form interactively; `{name, description?, expiry? | expiresInDays?, userUid?}` scripted. */
export function createKeyCommand(deps: CommandDeps): CommandDefinition<{ input?: KeyFormInput }, PlainKey> {
  return {
    failureTitle: vscode.l10n.t('Could not create the key'),
    parse: (arg, mode) => (mode === 'scripted' && isScriptArgs(arg) ? { input: createFormFromArgs(deps, arg) } : {}),
    run: async (request, prompts) => {
      deps.session.requireConnection();
      const service = deps.session.service;
      let createdKey: ApiKey | undefined;
      await prompts.keyForm<KeyFormInput>({
        ...(request.input ? { answer: request.input } : {}),
        open: async () => {
          const me = await service.whoAmI();
          return {
            mode: 'create',
            title: vscode.l10n.t('Create Palette API Key'),
            isAdmin: me.isTenantAdmin,
            initial: { expiry: expiryFromPreset(deps.settings().recommendedExpiryDays, deps.now()).toISOString() },
            limits: () => limitsNow(deps),
            ...(me.isTenantAdmin ? { searchUsers: (query: string) => searchUsers(deps, query) } : {}),
          };
        },
        submit: async (input) => {
          const created = await service.createKey(input);
          if (!created.kept) warnValueNotKept(created.key);
          createdKey = created.key;
          return { reveal: { keyName: created.key.name, value: created.value, envVarName: KEY_ENV_VAR } };
        },
      });
      return createdKey ? toPlainKey(createdKey) : undefined;
    },
  };
}

interface EditRequest extends TargetRequest {
  /** A scripted call's changes; the form asks for them otherwise. */
  readonly changes?: KeyChanges;
}

/** Edit: the form interactively; `{uid, name?, description?, expiry?}` scripted. */
export function editKeyCommand(deps: CommandDeps): CommandDefinition<EditRequest, PlainKey> {
  return {
    failureTitle: vscode.l10n.t('Could not edit the key'),
    parse: (arg, mode) => {
      const target = parseKeyTarget(arg, mode);
      if (mode !== 'scripted' || !isScriptArgs(arg)) return { target };
      const changes = {
        name: optionalString(arg, 'name', 1000),
        description: optionalString(arg, 'description', 10_000),
        expiry: optionalString(arg, 'expiry', 100),
      };
      return { target, changes: stripUndefined(changes) };
    },
    run: async (request, prompts) => {
      deps.session.requireConnection();
      const service = deps.session.service;
      // A script's changes go straight to the edit, which reads the key itself: no second read here.
      const key = request.changes ? undefined : await resolveKey(deps, request.target, prompts, vscode.l10n.t('Edit API Key'));
      const uid = key?.uid ?? (request.target.kind === 'uid' ? request.target.uid : undefined);
      if (!uid) return undefined;
      let updatedKey: ApiKey | undefined;
      await prompts.keyForm<KeyChanges>({
        ...(request.changes ? { answer: request.changes } : {}),
        open: async () => ({
          mode: 'edit',
          title: vscode.l10n.t('Edit "{0}"', key?.name ?? uid),
          isAdmin: false,
          initial: key ? { name: key.name, description: key.description, expiry: key.expiry.toISOString() } : {},
          limits: () => limitsNow(deps),
        }),
        submit: async (changes) => {
          updatedKey = await service.editKey(uid, stripUndefined({ name: changes.name, description: changes.description, expiry: changes.expiry }));
          return {};
        },
      });
      return updatedKey ? toPlainKey(updatedKey) : undefined;
    },
  };
}

export function reactivateKeyCommand(deps: CommandDeps): CommandDefinition<TargetRequest, PlainKey> {
  return {
    failureTitle: vscode.l10n.t('Could not re-activate the key'),
    parse: (arg, mode) => ({ target: parseKeyTarget(arg, mode) }),
    run: async (request, prompts) => {
      const key = await resolveKey(deps, request.target, prompts, vscode.l10n.t('Re-activate API Key'), (status) => status === 'revoked');
      if (!key) return undefined;
      await deps.session.service.reactivateKey(key.uid);
      return toPlainKey(await deps.session.service.getKey(key.uid));
    },
  };
}

interface RenewRequest extends TargetRequest {
  /** Days to extend by; the `renewDays` setting when not given. */
  readonly days?: number;
}

/** Renew: extends the expiry by `days` (default from settings) from now or from the current expiry, whichever is later. */
export function renewKeyCommand(deps: CommandDeps): CommandDefinition<RenewRequest, PlainKey> {
  return {
    failureTitle: vscode.l10n.t('Could not renew the key'),
    parse: (arg, mode) => {
      const days = isScriptArgs(arg) ? optionalNumber(arg, 'days', 1, 3650) : undefined;
      return { target: parseKeyTarget(arg, mode), ...(days !== undefined ? { days } : {}) };
    },
    run: async (request, prompts) => {
      const key = await resolveKey(deps, request.target, prompts, vscode.l10n.t('Renew API Key'), (status) => status !== 'revoked');
      if (!key) return undefined;
      // The tree shows the new expiry: no toast on top of it.
      const renewed = await deps.session.service.renewKey(key.uid, request.days ?? deps.settings().renewDays);
      return toPlainKey(renewed);
    },
  };
}

/** Delete: a modal confirmation interactively; `{uid, confirm: true}` scripted. */
export function deleteKeyCommand(deps: CommandDeps): CommandDefinition<TargetRequest, PlainKey> {
  return {
    failureTitle: vscode.l10n.t('Could not delete the key'),
    parse: (arg, mode) => {
      if (mode === 'scripted' && isScriptArgs(arg)) requireConfirmation(arg, 'delete a key');
      return { target: parseKeyTarget(arg, mode) };
    },
    run: async (request, prompts) => {
      const key = await resolveKey(deps, request.target, prompts, vscode.l10n.t('Delete API Key'));
      if (!key) return undefined;
      const confirmed = await prompts.confirm({
        message: vscode.l10n.t('Delete API key "{0}"?', key.name),
        detail: vscode.l10n.t('Anything still using it stops working at once. This cannot be undone.'),
        action: vscode.l10n.t('Delete'),
        scriptedConsent: 'delete a key',
      });
      if (!confirmed) return undefined;
      await deps.session.service.deleteKey(key.uid);
      return toPlainKey(key);
    },
  };
}

export function copyKeyUidCommand(deps: CommandDeps): CommandDefinition<TargetRequest, PlainKey> {
  return {
    failureTitle: vscode.l10n.t('Could not copy the uid'),
    parse: (arg, mode) => ({ target: parseKeyTarget(arg, mode) }),
    run: async (request, prompts) => {
      const key = await resolveKey(deps, request.target, prompts, vscode.l10n.t('Copy Key UID'));
      if (!key) return undefined;
      await vscode.env.clipboard.writeText(key.uid);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the UID of "{0}"', key.name), 3000);
      return toPlainKey(key);
    },
  };
}

export function openInConsoleCommand(deps: CommandDeps): CommandDefinition<Record<string, never>, { url: string }> {
  return {
    failureTitle: vscode.l10n.t('Could not open the console'),
    parse: () => ({}),
    run: async () => {
      const url = consoleUrlFor(deps.session.requireConnection().baseUrl);
      await vscode.env.openExternal(vscode.Uri.parse(url));
      return { url };
    },
  };
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

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
