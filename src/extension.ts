import * as vscode from 'vscode';
import { registerCommands } from './host/commands';
import { OUTPUT_CHANNEL_NAME } from './host/constants';
import { Logger } from './host/logger';

/** The composition root: builds every service, wires them together, registers their disposables. */
export function activate(context: vscode.ExtensionContext): void {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(channel);
  const logger = new Logger(channel, 'extension');

  context.subscriptions.push(
    ...registerCommands({
      'paletteKeys.showLog': () => logger.show(),
    }),
  );
  logger.info(`activated in VS Code ${vscode.version}`);
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
