import type * as vscode from 'vscode';
import type { KeyFormInput } from '../../shared/keyFormValidation';
import { InvalidArgumentError, type ScriptArgs } from './commandArgs';
import type { ChoiceQuestion, Confirmation, InputQuestion, KeyFormQuestion, PickQuestion, Prompts, ScriptedAnswer } from './prompts';

/**
 * Prompts for a scripted call (a plain-object argument from a script, keybinding or test):
 * nothing is shown. A confirmation is answered by the argument's `confirm: true`; any other
 * question a script did not answer in its argument (and that has no scripted default) is refused
 * with an error naming the argument, never put to a person who is not there.
 */
export class ScriptedPrompts implements Prompts {
  readonly interactive = false;

  constructor(private readonly args: ScriptArgs) {}

  async confirm(confirmation: Confirmation): Promise<boolean> {
    if (confirmation.scriptedConsent === undefined || this.args.confirm === true) return true;
    throw new InvalidArgumentError(`Pass "confirm: true" to ${confirmation.scriptedConsent} without a prompt.`);
  }

  async choose<T>(question: ChoiceQuestion<T>): Promise<T | undefined> {
    return answered(question);
  }

  async pick<T extends vscode.QuickPickItem>(_items: readonly T[], question: PickQuestion<T>): Promise<T | undefined> {
    return answered(question);
  }

  async pickMany<T extends vscode.QuickPickItem>(_items: readonly T[], question: PickQuestion<readonly T[]>): Promise<readonly T[] | undefined> {
    return answered(question);
  }

  async input(question: InputQuestion): Promise<string | undefined> {
    return answered(question);
  }

  async keyForm<Input extends Partial<KeyFormInput>>(question: KeyFormQuestion<Input>): Promise<void> {
    if (!question.answer) throw new InvalidArgumentError('Pass the key\'s fields in the argument.');
    // The reveal is for a person's eyes: a script never gets a key value.
    await question.submit(question.answer);
  }

  async inform(): Promise<string | undefined> {
    return undefined;
  }
}

function answered<T>(question: ScriptedAnswer<T>): T {
  if (question.whenScripted !== undefined) return question.whenScripted;
  throw new InvalidArgumentError(`The "${question.argument}" argument is required.`);
}
