import * as vscode from 'vscode';
import { DEFAULT_PALETTE_HOST, normalizePaletteHost } from '../../core/connections/hostUrl';
import type { PaletteCredential } from '../../core/palette/paletteClient';
import { InvalidArgumentError, isScriptArgs, optionalString, requiredString, type ScriptArgs } from './commandArgs';
import type { CommandDeps } from './commandDeps';
import type { CommandDefinition } from './commandRunner';
import type { Prompts } from './prompts';

/** What scripted sign-in and switch resolve to: the connection, never its credential. */
export interface ConnectionSummary {
  readonly id: string;
  readonly label: string;
  readonly baseUrl: string;
  readonly userUid: string;
  readonly tenantUid: string;
  readonly orgName: string;
  readonly isTenantAdmin: boolean;
  /** A scripted sign-in to a non-local host over plain http says so here (and in the log). */
  readonly warning?: string;
}

const KEY_LENGTH = 32;
/** What an HTTP header can carry: visible ASCII. Anything else fails in the transport with an unhelpful error. */
const API_KEY_CHARACTERS = /^[\x21-\x7e]+$/;
const API_KEY_CHARACTERS_MESSAGE = 'The "apiKey" argument may hold only letters, digits and punctuation (ASCII), with no spaces inside.';

/** A sign-in as a script gives it, checked: the credential, and a warning about plain http to report. */
interface SignInRequest {
  readonly given?: { baseUrl: string; credential: PaletteCredential; caFile?: string; warning?: string };
}

/** Sign in: prompts for host and credential, or `{host, apiKey}` / `{host, email, password, org}` scripted. */
export function signInCommand(deps: CommandDeps): CommandDefinition<SignInRequest, ConnectionSummary> {
  return {
    failureTitle: vscode.l10n.t('Sign-in failed'),
    parse: (arg, mode) => (mode === 'scripted' && isScriptArgs(arg) ? { given: signInFromArgs(arg, deps.settings().allowInsecureHosts) } : {}),
    run: (request, prompts) => signIn(deps, request, prompts),
  };
}

async function signIn(deps: CommandDeps, request: SignInRequest, prompts: Prompts): Promise<ConnectionSummary | undefined> {
  const signInRequest = request.given ?? await askSignIn(deps, prompts);
  if (!signInRequest) return undefined;
  // Interactive sign-in asked about it already; a script gets it in the log and in the result.
  const warning = request.given?.warning;
  if (warning) deps.log.warn(warning);
  // No toasts: the status bar shows the sign-in going on, and the view its result (the keys, or why not).
  const connection = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Signing in to {0}…', new URL(signInRequest.baseUrl).host) },
    () => deps.session.signIn(signInRequest),
  );
  const me = await deps.session.service.whoAmI();
  return { ...summary(connection), isTenantAdmin: me.isTenantAdmin, ...(warning ? { warning } : {}) };
}

/** Sign out of the active connection (or `{connectionId}`), removing its credential and kept key values. */
export function signOutCommand(deps: CommandDeps): CommandDefinition<{ connectionId?: string }, { signedOut: string }> {
  return {
    failureTitle: vscode.l10n.t('Sign-out failed'),
    parse: (arg) => {
      const connectionId = isScriptArgs(arg) ? optionalString(arg, 'connectionId', 100) : undefined;
      return connectionId !== undefined ? { connectionId } : {};
    },
    run: async (request, prompts) => {
      const state = await deps.sessionConnections();
      if (request.connectionId !== undefined && !state.connections.some((c) => c.id === request.connectionId)) {
        throw new InvalidArgumentError('No saved connection has that id.');
      }
      if (state.connections.length === 0) {
        // Nothing to do for a person; a script (signing out of everything in a loop) learns it is done.
        if (prompts.interactive) return undefined;
        throw new InvalidArgumentError('There is no connection to sign out of.');
      }
      const active = state.connections.find((c) => c.id === state.activeId);
      const items = state.connections.map((c) => ({ label: c.label, description: c.baseUrl, connection: c }));
      const target = request.connectionId !== undefined || state.connections.length === 1
        ? state.connections.find((c) => c.id === (request.connectionId ?? state.activeId)) ?? state.connections[0]
        : (await prompts.pick(items, {
          argument: 'connectionId',
          ...(active ? { whenScripted: { label: active.label, description: active.baseUrl, connection: active } } : {}),
          title: vscode.l10n.t('Sign Out of Palette'),
          placeHolder: vscode.l10n.t('Choose the connection to sign out of'),
        }))?.connection;
      if (!target) return undefined;
      const confirmed = await prompts.confirm({
        message: vscode.l10n.t('Sign out of {0}?', target.label),
        detail: vscode.l10n.t('Its credential and the key values kept for it are removed from this machine. Keys in Palette are not changed.'),
        action: vscode.l10n.t('Sign Out'),
      });
      if (!confirmed) return undefined;
      await deps.session.signOut(target.id);
      return { signedOut: target.id };
    },
  };
}

/** Switch the active connection; offers "Sign in to another tenant…" too. Scripted: `{connectionId}`. */
export function switchConnectionCommand(deps: CommandDeps): CommandDefinition<{ connectionId?: string }, ConnectionSummary> {
  return {
    failureTitle: vscode.l10n.t('Could not switch connection'),
    parse: (arg, mode) => (mode === 'scripted' && isScriptArgs(arg) ? { connectionId: requiredString(arg, 'connectionId', 100) } : {}),
    run: async (request, prompts) => {
      let targetId = request.connectionId;
      if (targetId === undefined) {
        const state = await deps.sessionConnections();
        const another = { label: `$(add) ${vscode.l10n.t('Sign in to another tenant…')}`, id: '' };
        const picked = await prompts.pick(
          [
            ...state.connections.map((c) => ({
              label: `${c.id === state.activeId ? '$(check) ' : ''}${c.label}`,
              description: c.baseUrl,
              id: c.id,
            })),
            another,
          ],
          { argument: 'connectionId', title: vscode.l10n.t('Switch Palette Connection') },
        );
        if (!picked) return undefined;
        if (picked.id === '') return signIn(deps, {}, prompts);
        targetId = picked.id;
      }
      await deps.session.switchTo(targetId);
      const connection = deps.session.requireConnection();
      const me = await deps.session.service.whoAmI();
      return { ...summary(connection), isTenantAdmin: me.isTenantAdmin };
    },
  };
}

function summary(c: { id: string; label: string; baseUrl: string; userUid: string; tenantUid: string; orgName: string }) {
  return { id: c.id, label: c.label, baseUrl: c.baseUrl, userUid: c.userUid, tenantUid: c.tenantUid, orgName: c.orgName };
}

function signInFromArgs(args: ScriptArgs, allowInsecureHosts: readonly string[]): { baseUrl: string; credential: PaletteCredential; caFile?: string; warning?: string } {
  const host = normalizePaletteHost(optionalString(args, 'host', 2048) ?? DEFAULT_PALETTE_HOST, allowInsecureHosts);
  if (!host.ok) throw new InvalidArgumentError(host.message);
  const caFile = optionalString(args, 'caFile', 4096);
  const withCa = { ...(caFile ? { caFile } : {}), ...(host.warning ? { warning: host.warning } : {}) };
  if (args.apiKey !== undefined) {
    const apiKey = requiredString(args, 'apiKey', 1024).trim();
    if (!API_KEY_CHARACTERS.test(apiKey)) throw new InvalidArgumentError(API_KEY_CHARACTERS_MESSAGE);
    return { baseUrl: host.baseUrl, credential: { kind: 'apiKey', apiKey }, ...withCa };
  }
  const email = requiredString(args, 'email', 320).trim();
  const password = requiredString(args, 'password', 1024);
  const org = optionalString(args, 'org', 256)?.trim();
  return { baseUrl: host.baseUrl, credential: { kind: 'password', emailId: email, password, ...(org ? { org } : {}) }, ...withCa };
}

/** Asks for the host and a credential, step by step; undefined when any step is dismissed. */
async function askSignIn(deps: CommandDeps, prompts: Prompts): Promise<{ baseUrl: string; credential: PaletteCredential } | undefined> {
  const title = vscode.l10n.t('Sign In to Palette');
  const hostText = await prompts.input({
    argument: 'host',
    title,
    prompt: vscode.l10n.t('Palette API host: SaaS, or your self-hosted Palette or VerteX'),
    value: deps.session.connection?.baseUrl ?? DEFAULT_PALETTE_HOST,
    ignoreFocusOut: true,
    validateInput: (text) => {
      const check = normalizePaletteHost(text, deps.settings().allowInsecureHosts);
      if (!check.ok) return check.message;
      return check.warning ? { message: check.warning, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
    },
  });
  if (hostText === undefined) return undefined;
  const host = normalizePaletteHost(hostText, deps.settings().allowInsecureHosts);
  if (!host.ok) return undefined;
  if (host.warning && !await prompts.confirm({ message: host.warning, action: vscode.l10n.t('Continue') })) return undefined;
  const byKey = { label: `$(key) ${vscode.l10n.t('API key')}`, detail: vscode.l10n.t('Paste a Palette API key (recommended)'), method: 'apiKey' as const };
  const byPassword = { label: `$(mail) ${vscode.l10n.t('Email and password')}`, detail: vscode.l10n.t('Not for SSO-only users'), method: 'password' as const };
  const method = await prompts.pick([byKey, byPassword], { argument: 'apiKey', title, placeHolder: vscode.l10n.t('How do you want to sign in?') });
  if (!method) return undefined;
  if (method.method === 'apiKey') {
    const apiKey = await prompts.input({
      argument: 'apiKey',
      title,
      prompt: vscode.l10n.t('Palette API key (stored only in VS Code secret storage)'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => {
        const trimmed = text.trim();
        if (trimmed === '') return vscode.l10n.t('Enter an API key.');
        if (/\s/.test(trimmed)) return vscode.l10n.t('An API key has no spaces inside.');
        if (!API_KEY_CHARACTERS.test(trimmed)) return vscode.l10n.t('An API key holds only letters, digits and punctuation (ASCII).');
        if (trimmed.length !== KEY_LENGTH || !/^[A-Za-z0-9]+$/.test(trimmed)) {
          return { message: vscode.l10n.t('Palette keys are usually {0} letters and digits; this one is {1} characters.', KEY_LENGTH, trimmed.length), severity: vscode.InputBoxValidationSeverity.Warning };
        }
        return undefined;
      },
    });
    if (apiKey === undefined) return undefined;
    return { baseUrl: host.baseUrl, credential: { kind: 'apiKey', apiKey: apiKey.trim() } };
  }
  const email = await prompts.input({
    argument: 'email', title, prompt: vscode.l10n.t('Email'), ignoreFocusOut: true,
    validateInput: (text) => (/^\S+@\S+$/.test(text.trim()) ? undefined : vscode.l10n.t('Enter an email address.')),
  });
  if (email === undefined) return undefined;
  const password = await prompts.input({
    argument: 'password', title, prompt: vscode.l10n.t('Password'), password: true, ignoreFocusOut: true,
    validateInput: (text) => (text.length > 0 ? undefined : vscode.l10n.t('Enter your password.')),
  });
  if (password === undefined) return undefined;
  const org = await prompts.input({ argument: 'org', title, prompt: vscode.l10n.t('Organisation (leave empty for your default)'), ignoreFocusOut: true });
  if (org === undefined) return undefined;
  return {
    baseUrl: host.baseUrl,
    credential: { kind: 'password', emailId: email.trim(), password, ...(org.trim() ? { org: org.trim() } : {}) },
  };
}
