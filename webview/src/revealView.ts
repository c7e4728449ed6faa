import * as l10n from '@vscode/l10n';
import { sentenceAround } from './l10n';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { ActionResultMessage, RevealMessage } from '../../src/shared/keyFormProtocol';
import { el } from './dom';

export interface RevealActions {
  copy(): Promise<ActionResultMessage>;
  insertReference(): Promise<ActionResultMessage>;
  done(): void;
}

/**
 * Shows a new key's value once, right after creation. The value lives only in this view's DOM
 * (never in persisted webview state) and is removed from it on Done.
 */
export class RevealView {
  readonly element: HTMLElement;
  private readonly status: HTMLElement;
  private valueElement: HTMLElement | undefined;
  private copied = false;
  private confirmDiscard = false;

  constructor(message: RevealMessage, private readonly actions: RevealActions) {
    this.valueElement = el('code', { id: 'secret-value', class: 'secret', tabindex: 0, 'aria-label': l10n.t('API key value') }, message.value);
    this.status = el('div', { id: 'reveal-status', class: 'status', role: 'status', 'aria-live': 'polite' });
    const copy = el('vscode-button', { id: 'reveal-copy' }, l10n.t('Copy'));
    const insert = el('vscode-button', { id: 'reveal-insert', secondary: true }, l10n.t('Insert environment reference'));
    const done = el('vscode-button', { id: 'reveal-done', secondary: true }, l10n.t('Done'));
    this.element = el(
      'section',
      { id: 'reveal', 'aria-labelledby': 'reveal-title' },
      el('h1', { id: 'reveal-title', tabindex: -1 }, l10n.t('API key “{0}” created', message.keyName)),
      el(
        'p',
        { class: 'callout', id: 'reveal-note' },
        el('strong', {}, l10n.t('Copy the key now: you won’t see it again.')),
        ` ${l10n.t('Palette shows a key’s value only once, right after it is created. If you lose it, create a new key.')}`,
      ),
      el('div', { class: 'secret-label', id: 'secret-label' }, l10n.t('Key value')),
      this.valueElement,
      el(
        'p',
        { class: 'hint' },
        ...sentenceAround(
          l10n.t('Insert environment reference writes {0} as a reference (not the value) at the cursor of the last active editor. Store the value in that variable yourself, for example in your CI secrets.', '{0}'),
          el('code', {}, message.envVarName),
        ),
      ),
      el('div', { class: 'actions' }, copy, insert, done),
      this.status,
    );
    copy.addEventListener('click', () => void this.run(copy, this.actions.copy(), true));
    insert.addEventListener('click', () => void this.run(insert, this.actions.insertReference(), false));
    done.addEventListener('click', () => this.finish());
  }

  /** Moves focus to the heading so screen readers announce the new content first. */
  focus(): void {
    this.element.querySelector<HTMLElement>('#reveal-title')?.focus();
  }

  private async run(button: VscodeButton, pending: Promise<ActionResultMessage>, isCopy: boolean): Promise<void> {
    button.disabled = true;
    try {
      const result = await pending;
      if (isCopy && result.ok) this.copied = true;
      this.status.textContent = result.message;
      this.status.classList.toggle('error', !result.ok);
    } finally {
      button.disabled = false;
    }
  }

  private finish(): void {
    if (!this.copied && !this.confirmDiscard) {
      // One extra step before the only copy of the value disappears.
      this.confirmDiscard = true;
      this.status.classList.add('error');
      this.status.textContent = l10n.t('You haven’t copied the key, and it can’t be shown again. Select Done again to discard it.');
      return;
    }
    this.clear();
    this.actions.done();
  }

  /** Removes the value from the DOM. Idempotent. */
  clear(): void {
    if (!this.valueElement) return;
    this.valueElement.textContent = '';
    this.valueElement.remove();
    this.valueElement = undefined;
    this.status.classList.remove('error');
    this.status.textContent = l10n.t('The key value has been cleared from this view.');
  }
}
