import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** Runs `paletteKeys.<command>` scripted (with an argument object, so it skips its prompts). */
export function run<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>(`paletteKeys.${command}`, args));
}

/** Runs a scripted command that must reject; returns the error after checking it leaks none of `secrets`. */
export async function rejection(command: string, args: Record<string, unknown>, secrets: readonly string[]): Promise<Error> {
  let error: unknown;
  try {
    await run(command, args);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof Error, `paletteKeys.${command} should have rejected`);
  for (const secret of secrets) {
    assert.ok(!`${error.message}\n${error.stack ?? ''}`.includes(secret), `paletteKeys.${command}: the error leaks a credential`);
  }
  return error;
}

/** Signs out of every saved connection, so a suite starts and ends with none. */
export async function signOutAll(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    try {
      await run('signOut', {});
    } catch {
      return;
    }
  }
}
