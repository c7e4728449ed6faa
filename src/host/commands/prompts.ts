import type * as vscode from 'vscode';
import type { KeyFormInput } from '../../shared/keyFormValidation';
import type { KeyFormRequest } from '../keyForm/keyFormPanel';

/**
 * Every question a command asks, behind one interface: `InteractivePrompts` asks a person through
 * `vscode.window`; `ScriptedPrompts` answers from the argument object of a scripted call. A
 * command's flow is written once against this; whatever a script can say up front is already in
 * the command's typed request, so the flow asks only for what the request left open.
 */
export interface Prompts {
  /** True when a person is there: progress and outcomes are shown to them, not only returned. */
  readonly interactive: boolean;

  /**
   * Asks before a consequential step: a modal warning with one button (`action`). Scripted: a
   * confirmation with `scriptedConsent` needs `confirm: true` in the argument; one without it
   * goes ahead (the script asked for the step by calling the command).
   */
  confirm(confirmation: Confirmation): Promise<boolean>;

  /** One of a few answers, as message buttons. Undefined when dismissed. */
  choose<T>(question: ChoiceQuestion<T>): Promise<T | undefined>;

  /** One item of a list (Quick Pick). Undefined when dismissed. */
  pick<T extends vscode.QuickPickItem>(items: readonly T[], question: PickQuestion<T>): Promise<T | undefined>;

  /** Any number of items of a list (Quick Pick with check boxes). Undefined when dismissed. */
  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], question: PickQuestion<readonly T[]>): Promise<readonly T[] | undefined>;

  /** A line of text (an input box). Undefined when dismissed. */
  input(question: InputQuestion): Promise<string | undefined>;

  /**
   * The create / edit key form. Interactive: the webview, which submits until a save succeeds or
   * the person closes it, showing each failure next to the fields. Scripted: one submit of the
   * request's `answer`, whose failure rejects.
   */
  keyForm<Input extends Partial<KeyFormInput>>(question: KeyFormQuestion<Input>): Promise<void>;

  /** Tells a person an outcome, with optional buttons; resolves to the one picked. Scripts get results instead: nothing is shown. */
  inform(message: string, ...actions: string[]): Promise<string | undefined>;
}

/** What every question a script can answer in its argument says about that argument. */
export interface ScriptedAnswer<T> {
  /** The argument that answers this question in a scripted call; named when a script left it out. */
  readonly argument: string;
  /** The answer a scripted call gets without asking (when there is a sensible default). */
  readonly whenScripted?: T;
}

export interface Confirmation {
  readonly message: string;
  readonly detail?: string;
  /** The one button that goes ahead ("Delete", "Rotate"); anything else cancels. */
  readonly action: string;
  /**
   * What a script must consent to with `confirm: true` ("delete a key"); leave out when scripts
   * need no consent (a confirmation added to a flow scripts already use, such as revoke).
   */
  readonly scriptedConsent?: string;
  /**
   * A safer step offered next to `action` ("Rotate Instead"): picking it runs `run` and the
   * confirmation answers false. Interactive only; a script never picks it.
   */
  readonly alternative?: { readonly label: string; readonly run: () => Promise<unknown> };
}

export interface ChoiceQuestion<T> extends ScriptedAnswer<T> {
  readonly message: string;
  readonly detail?: string;
  /** A modal asks at once and its Cancel is the dismissal; otherwise a notification. */
  readonly modal?: boolean;
  readonly severity?: 'info' | 'warning';
  readonly choices: readonly { readonly label: string; readonly value: T }[];
}

export type PickQuestion<T> = ScriptedAnswer<T> & Omit<vscode.QuickPickOptions, 'canPickMany'>;

export type InputQuestion = ScriptedAnswer<string> & vscode.InputBoxOptions;

/** The key form and what it does with a submitted form; `answer` is what a script passed instead. */
export interface KeyFormQuestion<Input extends Partial<KeyFormInput>> {
  /** What a scripted call passed; the form is not opened for it. */
  readonly answer?: Input;
  /** Builds the form (interactive only: it may ask Palette who the caller is). */
  readonly open: () => Promise<Omit<KeyFormRequest, 'submit'>>;
  /**
   * Saves one submitted form; throws on failure. A created key's value comes back in `reveal`
   * for the form to show once; a script never gets it.
   */
  readonly submit: (input: Input) => Promise<{ readonly reveal?: { keyName: string; value: string; envVarName: string } }>;
}
