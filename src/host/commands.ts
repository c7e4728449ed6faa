import * as vscode from 'vscode';
import type { CommandId } from './constants';

export type CommandHandler = (...args: unknown[]) => unknown;

/** Registers every handler and returns the disposables; the type forces one handler per id. */
export function registerCommands(handlers: Record<CommandId, CommandHandler>): vscode.Disposable[] {
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}
