import * as l10n from '@vscode/l10n';
import type { VscodeRadio } from '@vscode-elements/elements/dist/vscode-radio/vscode-radio.js';
import type { VscodeRadioGroup } from '@vscode-elements/elements/dist/vscode-radio-group/vscode-radio-group.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { UserSummary } from '../../src/shared/keyFormProtocol';
import { el } from './dom';

const SEARCH_DELAY_MS = 300;

export interface Owner {
  uid: string;
  label: string;
}

/**
 * The tenant admin's owner picker: a search box whose query goes to the host (`searchUsers`,
 * answered from `/v1/users`), and a radio list of matches. The empty uid means "me".
 */
export class UserPicker {
  readonly element: HTMLElement;
  private readonly search: VscodeTextfield;
  private readonly status: HTMLElement;
  private readonly group: VscodeRadioGroup;
  private selected: Owner | undefined;
  private results: UserSummary[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private latestQuery = 0;

  constructor(
    private readonly searchUsers: (query: string) => Promise<{ items: UserSummary[]; error?: string }>,
    private readonly onChange: () => void,
  ) {
    this.search = el('vscode-textfield', {
      id: 'owner-search',
      type: 'search',
      placeholder: l10n.t('Search users by name or email'),
      autocomplete: 'off',
    });
    this.status = el('div', { id: 'owner-status', class: 'hint', 'aria-live': 'polite' });
    this.group = el('vscode-radio-group', { id: 'owner-choice', variant: 'vertical' });
    this.element = el(
      'div',
      { class: 'field', id: 'owner-field' },
      el('vscode-label', { for: 'owner-search' }, l10n.t('Owner')),
      el('p', { class: 'hint', id: 'owner-hint' }, l10n.t('Tenant admins can create a key for another user. The owner cannot be changed later.')),
      this.search,
      this.status,
      el('vscode-label', { id: 'owner-choice-label', for: 'owner-choice', class: 'visually-hidden' }, l10n.t('Key owner')),
      this.group,
      el('div', { id: 'userUid-message', class: 'message', 'aria-live': 'polite' }),
    );
    this.search.addEventListener('input', () => this.scheduleSearch());
    this.group.addEventListener('change', () => {
      const checked = this.radios().find((radio) => radio.checked);
      const uid = checked?.value ?? '';
      this.selected = uid ? { uid, label: checked?.textContent ?? uid } : undefined;
      this.onChange();
    });
    this.render();
  }

  get owner(): Owner | undefined {
    return this.selected;
  }

  set owner(owner: Owner | undefined) {
    this.selected = owner;
    this.render();
  }

  setDisabled(disabled: boolean): void {
    this.search.disabled = disabled;
    for (const radio of this.radios()) radio.disabled = disabled;
  }

  focus(): void {
    this.search.focus();
  }

  private scheduleSearch(): void {
    clearTimeout(this.timer);
    // Debounced so typing a name sends one request, not one per keystroke.
    this.timer = setTimeout(() => void this.runSearch(this.search.value.trim()), SEARCH_DELAY_MS);
  }

  private async runSearch(query: string): Promise<void> {
    const ticket = ++this.latestQuery;
    if (!query) {
      this.results = [];
      this.status.textContent = '';
      this.render();
      return;
    }
    this.status.textContent = l10n.t('Searching…');
    const reply = await this.searchUsers(query);
    if (ticket !== this.latestQuery) return; // a newer query is on its way; this answer is stale
    this.results = reply.items;
    this.status.textContent = reply.error
      ?? (reply.items.length === 0 ? l10n.t('No users match “{0}”.', query) : reply.items.length === 1 ? l10n.t('1 user matches.') : l10n.t('{0} users match.', reply.items.length));
    this.render();
  }

  private render(): void {
    const options: Owner[] = [{ uid: '', label: l10n.t('Me (the signed-in user)') }];
    if (this.selected && !this.results.some((user) => user.uid === this.selected?.uid)) options.push(this.selected);
    for (const user of this.results) options.push({ uid: user.uid, label: userLabel(user) });
    const selectedUid = this.selected?.uid ?? '';
    this.group.replaceChildren(
      ...options.map((option) => el('vscode-radio', { name: 'owner', value: option.uid, checked: option.uid === selectedUid }, option.label)),
    );
  }

  private radios(): VscodeRadio[] {
    return Array.from(this.group.querySelectorAll('vscode-radio'));
  }
}

function userLabel(user: UserSummary): string {
  const name = user.displayName.trim() || user.uid;
  return user.email ? `${name} — ${user.email}` : name;
}
