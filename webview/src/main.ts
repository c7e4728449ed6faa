// The key form webview: the entry esbuild bundles into dist/webview.js (an IIFE for the browser).
// Only the components used are imported, so the bundle registers just these custom elements.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './keyForm.css';
import { el } from './dom';
import { HostChannel, type HostNotification } from './hostChannel';
import { KeyFormView } from './keyFormView';
import { loadTranslations } from './l10n';
import { RevealView } from './revealView';
import type { PersistedState } from './vscodeApi';

// First: every view built below reads its text through the translations.
loadTranslations(document);
const api = acquireVsCodeApi<PersistedState>();
const root = document.getElementById('app') ?? document.body.appendChild(el('main', { id: 'app' }));
let form: KeyFormView | undefined;
let reveal: RevealView | undefined;
let formId = '';

const channel = new HostChannel<PersistedState>(api, onNotification);

function onNotification(message: HostNotification): void {
  switch (message.type) {
    case 'init': {
      formId = message.formId;
      const saved = api.getState();
      const draft = saved?.formId === message.formId ? saved.draft : undefined;
      showForm(new KeyFormView(message, draft, {
        submit: async (input) => {
          const result = await channel.request('submit', { input });
          // The draft has served its purpose once the key exists; don't restore it on reload.
          if (result.ok) api.setState(undefined);
          return result;
        },
        searchUsers: (query) => channel.request('searchUsers', { query }),
        cancel: () => channel.post({ type: 'cancel' }),
        saveDraft: (formDraft) => api.setState({ formId, draft: formDraft }),
      }));
      break;
    }
    case 'reveal': {
      form?.dispose();
      form = undefined;
      reveal?.clear();
      reveal = new RevealView(message, {
        copy: () => channel.request('copyValue', {}),
        insertReference: () => channel.request('insertReference', {}),
        done: () => channel.post({ type: 'done' }),
      });
      root.replaceChildren(reveal.element);
      reveal.focus();
      break;
    }
    case 'busy':
      form?.setBusy(message.busy);
      break;
  }
}

function showForm(view: KeyFormView): void {
  form?.dispose();
  reveal?.clear();
  reveal = undefined;
  form = view;
  root.replaceChildren(view.element);
  view.focus();
}

// Last: the host sends `init` only after this, so nothing it posts can arrive before the listener.
channel.post({ type: 'ready' });
