import * as vscode from 'vscode';
import { KeyValidationError } from '../../core/keys/errors';
import type { KeyFormInput } from '../../shared/keyFormValidation';
import { describeError } from '../errorPresenter';
import { KeyFormPanel, type KeyFormSubmitResult } from '../keyForm/keyFormPanel';
import type { Logger } from '../logger';
import type { ChoiceQuestion, Confirmation, InputQuestion, KeyFormQuestion, PickQuestion, Prompts } from './prompts';

/** Prompts that ask a person, through `vscode.window` and the key form webview. */
export class InteractivePrompts implements Prompts {
  readonly interactive = true;

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: Logger) {}

  async confirm(confirmation: Confirmation): Promise<boolean> {
    const { alternative } = confirmation;
    const answer = await vscode.window.showWarningMessage(
      confirmation.message,
      { modal: true, ...(confirmation.detail ? { detail: confirmation.detail } : {}) },
      confirmation.action,
      ...(alternative ? [alternative.label] : []),
    );
    if (alternative && answer === alternative.label) await alternative.run();
    return answer === confirmation.action;
  }

  async choose<T>(question: ChoiceQuestion<T>): Promise<T | undefined> {
    const labels = question.choices.map((choice) => choice.label);
    const options: vscode.MessageOptions = { modal: question.modal ?? false, ...(question.detail ? { detail: question.detail } : {}) };
    const picked = question.severity === 'warning'
      ? await vscode.window.showWarningMessage(question.message, options, ...labels)
      : await vscode.window.showInformationMessage(question.message, options, ...labels);
    return question.choices.find((choice) => choice.label === picked)?.value;
  }

  pick<T extends vscode.QuickPickItem>(items: readonly T[], question: PickQuestion<T>): Promise<T | undefined> {
    const { argument: _argument, whenScripted: _whenScripted, ...options } = question;
    return Promise.resolve(vscode.window.showQuickPick([...items], options));
  }

  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], question: PickQuestion<readonly T[]>): Promise<readonly T[] | undefined> {
    const { argument: _argument, whenScripted: _whenScripted, ...options } = question;
    return Promise.resolve(vscode.window.showQuickPick([...items], { ...options, canPickMany: true }));
  }

  input(question: InputQuestion): Promise<string | undefined> {
    const { argument: _argument, whenScripted: _whenScripted, ...options } = question;
    return Promise.resolve(vscode.window.showInputBox(options));
  }

  async keyForm<Input extends Partial<KeyFormInput>>(question: KeyFormQuestion<Input>): Promise<void> {
    const form = await question.open();
    const panel = KeyFormPanel.open(this.extensionUri, {
      ...form,
      submit: async (input: KeyFormInput): Promise<KeyFormSubmitResult> => {
        try {
          const saved = await question.submit(input as Input);
          return { ok: true, ...(saved.reveal ? { reveal: saved.reveal } : {}) };
        } catch (e) {
          // Shown next to the fields; the form stays open for another try.
          if (e instanceof KeyValidationError) return { ok: false, error: e.message, fieldIssues: [...e.issues] };
          return { ok: false, error: describeError(e).message };
        }
      },
    }, this.log);
    await new Promise<void>((resolve) => panel.onDidClose(() => resolve()));
  }

  inform(message: string, ...actions: string[]): Promise<string | undefined> {
    return Promise.resolve(vscode.window.showInformationMessage(message, ...actions));
  }
}
