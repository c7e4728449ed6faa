import * as vscode from 'vscode';
import type { ProxyConfig } from '../core/palette/proxyResolution';

/** Typed, range-checked reads of the `paletteKeys.*` settings; a bad value falls back to the default. */
export interface PaletteKeysSettings {
  readonly expiryWarningDays: number;
  /** Once a day, a notification about the user's own keys that expire soon. */
  readonly notifyExpiringKeys: boolean;
  readonly renewDays: number;
  readonly maxExpiryDays: number;
  readonly recommendedExpiryDays: number;
  readonly requestTimeoutSeconds: number;
  readonly signInFromEnvironment: boolean;
  readonly rotateOldKeyAction: 'revoke' | 'delete' | 'ask';
  /** PEM file of a private CA for self-hosted Palette, used by connections that name none. */
  readonly caFile: string | undefined;
  /** Hosts (besides loopback) that plain http may reach; machine-scoped, so no workspace can add one. */
  readonly allowInsecureHosts: readonly string[];
}

export const SETTINGS_SECTION = 'paletteKeys';

export function readSettings(): PaletteKeysSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const number = (key: string, fallback: number, min: number, max: number): number => {
    const value = config.get<unknown>(key);
    return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
  };
  const rotate = config.get<unknown>('rotate.oldKeyAction');
  return {
    expiryWarningDays: number('expiryWarningDays', 7, 0, 365),
    notifyExpiringKeys: config.get<unknown>('notifications.expiringKeys') !== false,
    renewDays: number('renewDays', 30, 1, 3650),
    maxExpiryDays: number('maxExpiryDays', 90, 1, 3650),
    recommendedExpiryDays: number('recommendedExpiryDays', 30, 1, 3650),
    requestTimeoutSeconds: number('requestTimeoutSeconds', 20, 1, 600),
    signInFromEnvironment: config.get<unknown>('signInFromEnvironment') !== false,
    rotateOldKeyAction: rotate === 'delete' || rotate === 'ask' ? rotate : 'revoke',
    caFile: nonEmptyString(config.get<unknown>('caFile')),
    allowInsecureHosts: stringList(config.get<unknown>('allowInsecureHosts')),
  };
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.flatMap((entry) => nonEmptyString(entry) ?? []) : [];
}

/** VS Code's `http.*` proxy settings (application-scoped in VS Code itself) and the proxy environment. */
export function readProxySettings(env: NodeJS.ProcessEnv): ProxyConfig {
  const http = vscode.workspace.getConfiguration('http');
  const url = nonEmptyString(http.get<unknown>('proxy'));
  const authorization = nonEmptyString(http.get<unknown>('proxyAuthorization'));
  return {
    ...(url ? { url } : {}),
    noProxy: stringList(http.get<unknown>('noProxy')),
    env,
    strictSSL: http.get<unknown>('proxyStrictSSL') !== false,
    ...(authorization ? { authorization } : {}),
  };
}
