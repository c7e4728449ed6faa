import * as l10n from '@vscode/l10n';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeRadio } from '@vscode-elements/elements/dist/vscode-radio/vscode-radio.js';
import type { VscodeRadioGroup } from '@vscode-elements/elements/dist/vscode-radio-group/vscode-radio-group.js';
import type { VscodeTextarea } from '@vscode-elements/elements/dist/vscode-textarea/vscode-textarea.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import {
  fromWireLimits,
  type InitMessage,
  type SubmitResultMessage,
  type UsersMessage,
} from '../../src/shared/keyFormProtocol';
import {
  expiryFromPreset,
  hasErrors,
  normalizeKeyForm,
  parseExpiry,
  validateKeyForm,
  type FieldIssue,
  type KeyFormField,
  type KeyFormInput,
  type ValidationLimits,
} from '../../src/shared/keyFormValidation';
import { el } from './dom';
import { UserPicker } from './userPicker';
import type { FormDraft } from './vscodeApi';

export interface KeyFormCallbacks {
  submit(input: KeyFormInput): Promise<SubmitResultMessage>;
  searchUsers(query: string): Promise<UsersMessage>;
  cancel(): void;
  saveDraft(draft: FormDraft): void;
}

const KEEP = 'keep';
const CUSTOM = 'custom';
const FIELD_ORDER: readonly KeyFormField[] = ['name', 'description', 'expiry', 'userUid'];

/** The create / edit form: live validation by the field, server errors, busy state, keyboard handling. */
export class KeyFormView {
  readonly element: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly name: VscodeTextfield;
  private readonly description: VscodeTextarea;
  private readonly expiryGroup: VscodeRadioGroup;
  private readonly customDate: VscodeTextfield;
  private readonly expiryHint: HTMLElement;
  private readonly picker: UserPicker | undefined;
  private readonly formError: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly submitButton: VscodeButton;
  private readonly cancelButton: VscodeButton;
  private readonly touched = new Set<KeyFormField>();
  private serverIssues: FieldIssue[] = [];
  private busy = false;
  private readonly hostNow: number;
  private readonly receivedAt: number;

  constructor(private readonly init: InitMessage, draft: FormDraft | undefined, private readonly callbacks: KeyFormCallbacks) {
    // The host's clock decides validity; keep it ticking from the moment `init` arrived.
    this.hostNow = Date.parse(init.limits.nowIso);
    this.receivedAt = Date.now();
    const creating = init.mode === 'create';

    this.name = el('vscode-textfield', { id: 'name', name: 'name', autocomplete: 'off', placeholder: 'e.g. ci-deploy' });
    this.description = el('vscode-textarea', { id: 'description', name: 'description', rows: 3, resize: 'vertical' });
    this.expiryGroup = el('vscode-radio-group', { id: 'expiry-choice', variant: 'vertical' }, ...this.expiryOptions());
    this.customDate = el('vscode-textfield', { id: 'expiry-date', type: 'date' });
    this.expiryHint = el('div', { id: 'expiry-hint', class: 'hint' });
    this.picker = creating && init.isAdmin
      ? new UserPicker((query) => this.callbacks.searchUsers(query), () => this.changed('userUid'))
      : undefined;
    this.formError = el('div', { id: 'form-error', class: 'banner error', role: 'alert', hidden: true });
    this.submitButton = el('vscode-button', { id: 'submit', type: 'submit' }, creating ? l10n.t('Create key') : l10n.t('Save changes'));
    this.cancelButton = el('vscode-button', { id: 'cancel', secondary: true }, l10n.t('Cancel'));
    this.progress = el(
      'span',
      { id: 'progress', class: 'progress', role: 'status', hidden: true },
      el('vscode-progress-ring', { 'aria-hidden': 'true' }),
      creating ? l10n.t('Creating the key…') : l10n.t('Saving…'),
    );

    this.form = el(
      'form',
      { id: 'key-form', novalidate: true, 'aria-labelledby': 'form-title' },
      field('name', el('vscode-label', { for: 'name', required: true }, l10n.t('Name')), this.name),
      field('description', el('vscode-label', { for: 'description' }, l10n.t('Description')), this.description),
      field(
        'expiry',
        el('vscode-label', { for: 'expiry-choice', id: 'expiry-label' }, l10n.t('Expires')),
        this.expiryGroup,
        el('vscode-label', { for: 'expiry-date', class: 'visually-hidden' }, l10n.t('Custom expiry date')),
        this.customDate,
        this.expiryHint,
      ),
      this.picker?.element,
      el('div', { class: 'actions' }, this.submitButton, this.cancelButton, this.progress),
    );
    this.element = el(
      'section',
      { id: 'form-view' },
      el('h1', { id: 'form-title' }, init.title),
      !creating && el('p', { class: 'hint' }, l10n.t('The key’s value and owner cannot be changed; create a new key instead.')),
      this.formError,
      this.form,
    );

    this.name.value = init.initial.name;
    this.description.value = init.initial.description;
    this.applyDraft(draft);
    this.bindEvents();
    this.render();
  }

  focus(): void {
    // Lit renders the shadow DOM asynchronously; focus delegates to the inner input only after that.
    void this.name.updateComplete.then(() => this.name.focus());
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.form.setAttribute('aria-busy', String(busy));
    this.progress.hidden = !busy;
    for (const control of [this.name, this.description, this.customDate, this.submitButton, this.cancelButton]) {
      control.disabled = busy;
    }
    for (const radio of this.expiryRadios()) radio.disabled = busy;
    this.picker?.setDisabled(busy);
  }

  private expiryOptions(): VscodeRadio[] {
    const { init } = this;
    const options: [string, string][] = [];
    if (init.mode === 'edit' && init.initial.expiry) {
      options.push([KEEP, l10n.t('Keep the current expiry ({0})', formatDate(parseExpiry(init.initial.expiry)))]);
    }
    for (const days of init.presets) {
      options.push([String(days), days === init.limits.recommendedExpiryDays ? l10n.t('{0} days (recommended)', days) : l10n.t('{0} days', days)]);
    }
    options.push([CUSTOM, l10n.t('Custom date')]);
    const preferred = options.some(([value]) => value === KEEP)
      ? KEEP
      : String(init.limits.recommendedExpiryDays);
    const selected = options.some(([value]) => value === preferred) ? preferred : options[0][0];
    // `autofocus` is how vscode-radio-group picks the radio that Tab lands on; without it Tab goes
    // to the first radio instead of the checked one (the ARIA radio group pattern wants the checked one).
    return options.map(([value, label]) =>
      el('vscode-radio', { name: 'expiry', value, checked: value === selected, autofocus: value === selected }, label));
  }

  private applyDraft(draft: FormDraft | undefined): void {
    if (!draft) return;
    this.name.value = draft.name;
    this.description.value = draft.description;
    const radio = this.expiryRadios().find((candidate) => candidate.value === draft.expiryChoice);
    if (radio) {
      for (const other of this.expiryRadios()) other.checked = other === radio;
    }
    this.customDate.value = draft.customDate;
    if (this.picker && draft.owner) this.picker.owner = draft.owner;
  }

  private bindEvents(): void {
    this.name.addEventListener('input', () => this.changed('name'));
    this.description.addEventListener('input', () => this.changed('description'));
    this.expiryGroup.addEventListener('change', () => this.changed('expiry'));
    this.customDate.addEventListener('input', () => this.changed('expiry'));
    this.customDate.addEventListener('change', () => this.changed('expiry'));
    this.name.addEventListener('blur', () => this.touch('name'));
    this.cancelButton.addEventListener('click', () => this.cancel());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.form.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || event.isComposing) return;
      const tag = (event.target as Element).tagName.toLowerCase();
      // Text fields and buttons already submit/activate on Enter; a textarea needs Enter for new
      // lines, so there Ctrl/Cmd+Enter submits.
      const ownsEnter = tag === 'vscode-textfield' || tag === 'vscode-button' || (tag === 'vscode-textarea' && !(event.ctrlKey || event.metaKey));
      if (ownsEnter) return;
      event.preventDefault();
      this.form.requestSubmit();
    });
    document.addEventListener('keydown', this.onDocumentKeydown);
  }

  /** Detaches document-level listeners; call before dropping the view. */
  dispose(): void {
    document.removeEventListener('keydown', this.onDocumentKeydown);
  }

  private readonly onDocumentKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && !event.defaultPrevented && this.element.isConnected) {
      event.preventDefault();
      this.cancel();
    }
  };

  private cancel(): void {
    if (this.busy) return; // the request is in flight; closing now could lose a created key's value
    this.callbacks.cancel();
  }

  private touch(field: KeyFormField): void {
    this.touched.add(field);
    this.render();
  }

  private changed(field: KeyFormField): void {
    this.touched.add(field);
    this.serverIssues = this.serverIssues.filter((issue) => issue.field !== field);
    this.callbacks.saveDraft(this.draft());
    this.render();
  }

  private now(): Date {
    return new Date(this.hostNow + (Date.now() - this.receivedAt));
  }

  private limits(): ValidationLimits {
    return { ...fromWireLimits(this.init.limits), now: this.now() };
  }

  private expiryChoice(): string {
    return this.expiryRadios().find((radio) => radio.checked)?.value ?? CUSTOM;
  }

  private expiryValue(): string {
    const choice = this.expiryChoice();
    if (choice === KEEP) return this.init.initial.expiry;
    if (choice === CUSTOM) return this.customDate.value;
    return expiryFromPreset(Number(choice), this.now()).toISOString();
  }

  private input(): KeyFormInput {
    const input: KeyFormInput = {
      name: this.name.value,
      description: this.description.value,
      expiry: this.expiryValue(),
    };
    const owner = this.picker?.owner?.uid;
    if (owner) input.userUid = owner;
    return normalizeKeyForm(input);
  }

  private draft(): FormDraft {
    const draft: FormDraft = {
      name: this.name.value,
      description: this.description.value,
      expiryChoice: this.expiryChoice(),
      customDate: this.customDate.value,
    };
    const owner = this.picker?.owner;
    if (owner) draft.owner = owner;
    return draft;
  }

  private issues(): FieldIssue[] {
    return [...validateKeyForm(this.input(), this.limits()), ...this.serverIssues];
  }

  private render(issues: FieldIssue[] = this.issues()): void {
    const custom = this.expiryChoice() === CUSTOM;
    this.customDate.hidden = !custom;
    const expiry = parseExpiry(this.expiryValue());
    this.expiryHint.textContent = expiry ? l10n.t('Expires {0}.', formatDate(expiry)) : '';
    for (const fieldName of FIELD_ORDER) {
      const message = this.element.querySelector<HTMLElement>(`#${fieldName}-message`);
      if (!message) continue;
      // Errors wait until the field was touched; the long-expiry warning is useful at once.
      const shown = issues.filter((issue) => issue.field === fieldName && (this.touched.has(fieldName) || issue.severity === 'warning'));
      const error = shown.find((issue) => issue.severity === 'error');
      const visible = error ?? shown[0];
      message.textContent = visible ? visible.message : '';
      message.className = `message${visible ? ` ${visible.severity}` : ''}`;
      const control = this.control(fieldName);
      if (control && 'invalid' in control) control.invalid = error !== undefined;
    }
  }

  private control(fieldName: KeyFormField): (HTMLElement & { invalid?: boolean }) | undefined {
    switch (fieldName) {
      case 'name': return this.name;
      case 'description': return this.description;
      case 'expiry': return this.expiryChoice() === CUSTOM ? this.customDate : this.expiryGroup;
      case 'userUid': return this.picker?.element;
    }
  }

  private async submit(): Promise<void> {
    if (this.busy) return;
    for (const fieldName of FIELD_ORDER) this.touched.add(fieldName);
    const input = this.input();
    const issues = this.issues();
    this.render(issues);
    if (hasErrors(issues)) {
      this.focusFirstError(issues);
      return;
    }
    this.showFormError(undefined);
    this.setBusy(true);
    let result: SubmitResultMessage;
    try {
      result = await this.callbacks.submit(input);
    } finally {
      this.setBusy(false);
    }
    if (result.ok) {
      this.progress.hidden = false;
      this.progress.lastChild?.replaceWith(this.init.mode === 'create' ? l10n.t('Created.') : l10n.t('Saved.'));
      return;
    }
    this.serverIssues = result.fieldIssues ?? [];
    this.render();
    this.showFormError(result.error ?? l10n.t('Palette rejected the request.'));
    if (hasErrors(this.serverIssues)) this.focusFirstError(this.serverIssues);
  }

  private showFormError(message: string | undefined): void {
    this.formError.textContent = message ?? '';
    this.formError.hidden = message === undefined;
  }

  private focusFirstError(issues: FieldIssue[]): void {
    const first = FIELD_ORDER.find((fieldName) => issues.some((issue) => issue.field === fieldName && issue.severity === 'error'));
    if (!first) return;
    if (first === 'userUid') this.picker?.focus();
    else if (first === 'expiry') (this.expiryChoice() === CUSTOM ? this.customDate : this.checkedExpiryRadio())?.focus();
    else this.control(first)?.focus();
  }

  private checkedExpiryRadio(): VscodeRadio | undefined {
    return this.expiryRadios().find((radio) => radio.checked);
  }

  private expiryRadios(): VscodeRadio[] {
    return Array.from(this.expiryGroup.querySelectorAll('vscode-radio'));
  }
}

function field(fieldName: KeyFormField, ...children: (Node | undefined)[]): HTMLElement {
  return el('div', { class: 'field', id: `${fieldName}-field` }, ...children, el('div', { id: `${fieldName}-message`, class: 'message', 'aria-live': 'polite' }));
}

function formatDate(date: Date | undefined): string {
  if (!date) return l10n.t('unknown date');
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
