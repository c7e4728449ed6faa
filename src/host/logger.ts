import * as vscode from 'vscode';

/** A component-tagged view over the extension's single `LogOutputChannel`. */
export class Logger {
  constructor(private readonly channel: vscode.LogOutputChannel, private readonly component: string) {}

  withComponent(component: string): Logger {
    return new Logger(this.channel, component);
  }

  trace(message: string): void {
    this.channel.trace(`[${this.component}] ${message}`);
  }

  info(message: string): void {
    this.channel.info(`[${this.component}] ${message}`);
  }

  warn(message: string): void {
    this.channel.warn(`[${this.component}] ${message}`);
  }

  error(message: string): void {
    this.channel.error(`[${this.component}] ${message}`);
  }

  show(): void {
    this.channel.show(true);
  }
}
