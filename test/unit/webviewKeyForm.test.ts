/// <reference lib="dom" />
// The DOM lib is for the callbacks that playwright runs inside the page.
// Tests the key form WEBVIEW bundle (dist/webview.js) in headless Chromium: the production HTML
// shell with its strict CSP, served from a fake origin, with a minimal `acquireVsCodeApi` shim
// standing in for VS Code's webview host. The extension host side is tested in test/host/.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderKeyFormHtml } from '../../src/host/keyForm/keyFormHtml';
import { isWebviewToHostMessage, type HostToWebviewMessage, type WebviewToHostMessage } from '../../src/shared/keyFormProtocol';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const ORIGIN = 'https://webview.test';
const SECRET = 'Zx9ExampleOnlyNotARealKey0000042'; // 32 characters, shaped like a Palette key
const NOW = '2030-01-10T12:00:00.000Z';

const THEMES = {
  dark: {
    'font-family': '"Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px', 'font-weight': 'normal',
    foreground: '#cccccc', 'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', 'descriptionForeground': '#9d9d9d',
    errorForeground: '#f85149', 'editorWarning-foreground': '#cca700', focusBorder: '#0078d4',
    'settings-textInputBackground': '#313131', 'settings-textInputForeground': '#cccccc', 'settings-textInputBorder': '#3c3c3c',
    'input-placeholderForeground': '#989898', 'button-background': '#0078d4', 'button-foreground': '#ffffff',
    'button-hoverBackground': '#026ec1', 'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc',
    'button-secondaryHoverBackground': '#3c3c3c', 'button-border': '#ffffff12', 'inputValidation-errorBorder': '#be1100',
    'inputValidation-errorBackground': '#5a1d1d', 'textBlockQuote-background': '#2b2b2b', 'textCodeBlock-background': '#2b2b2b',
    'editor-font-family': '"Droid Sans Mono", "DejaVu Sans Mono", monospace', 'editor-font-size': '14px', 'widget-border': '#313131',
    'settings-checkboxBackground': '#313131', 'settings-checkboxBorder': '#3c3c3c', 'settings-checkboxForeground': '#cccccc',
    'progressBar-background': '#0078d4',
  },
  light: {
    'font-family': '"Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px', 'font-weight': 'normal',
    foreground: '#3b3b3b', 'editor-background': '#ffffff', 'editor-foreground': '#3b3b3b', 'descriptionForeground': '#3b3b3b',
    errorForeground: '#f85149', 'editorWarning-foreground': '#bf8803', focusBorder: '#005fb8',
    'settings-textInputBackground': '#ffffff', 'settings-textInputForeground': '#3b3b3b', 'settings-textInputBorder': '#cecece',
    'input-placeholderForeground': '#767676', 'button-background': '#005fb8', 'button-foreground': '#ffffff',
    'button-hoverBackground': '#0258a8', 'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b',
    'button-secondaryHoverBackground': '#cccccc', 'button-border': '#0000001a', 'inputValidation-errorBorder': '#be1100',
    'inputValidation-errorBackground': '#f2dede', 'textBlockQuote-background': '#f8f8f8', 'textCodeBlock-background': '#f8f8f8',
    'editor-font-family': '"Droid Sans Mono", "DejaVu Sans Mono", monospace', 'editor-font-size': '14px', 'widget-border': '#e5e5e5',
    'settings-checkboxBackground': '#f8f8f8', 'settings-checkboxBorder': '#cecece', 'settings-checkboxForeground': '#3b3b3b',
    'progressBar-background': '#005fb8',
  },
} satisfies Record<string, Record<string, string>>;

type Theme = keyof typeof THEMES;

interface HarnessWindow {
  __posted: WebviewToHostMessage[];
  __states: unknown[];
  __violations: string[];
}

function initMessage(overrides: Partial<Extract<HostToWebviewMessage, { type: 'init' }>> = {}): HostToWebviewMessage {
  return {
    type: 'init',
    formId: 'form-1',
    mode: 'create',
    title: 'Create API key',
    initial: { name: '', description: '', expiry: '' },
    isAdmin: true,
    limits: { nowIso: NOW, maxExpiryDays: 90, recommendedExpiryDays: 30 },
    presets: [7, 30, 60, 90],
    ...overrides,
  };
}

describe('key form webview (dist/webview.js in Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;
  /** Whether the current test opened `page` (afterEach checks it and closes it). */
  let pageOpen = false;
  let pageErrors: string[];

  before(function () {
    // Build the bundle from the current sources so the test never runs a stale dist/.
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--only', 'webview'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });

  before(async function () {
    // The one way the harness finds Chromium (and, as root, installs Debian's package); it fails,
    // naming the command to run, when there is none: a missing browser fails these tests, never skips them.
    const executablePath = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'vscode', 'chromium.mjs')], { encoding: 'utf8' }).trim();
    browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
  });

  async function openHarness(theme: Theme = 'dark', l10nBundle?: Record<string, string>): Promise<void> {
    page = await browser.newPage({ viewport: { width: 760, height: 900 } });
    pageOpen = true;
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    const themeCss = `:root {${Object.entries(THEMES[theme]).map(([name, value]) => `--vscode-${name}: ${value};`).join(' ')}}`;
    const html = renderKeyFormHtml({
      cspSource: ORIGIN,
      nonce: 'harnessNonce123',
      scriptUri: `${ORIGIN}/dist/webview.js`,
      styleUri: `${ORIGIN}/dist/webview.css`,
      title: 'Key form',
      ...(l10nBundle ? { l10nBundle } : {}),
    }).replace('</head>', `<link rel="stylesheet" href="${ORIGIN}/theme.css">\n</head>`)
      .replace('<body>', `<body class="vscode-${theme}">`);
    const files: Record<string, [string, string]> = {
      '/index.html': [html, 'text/html'],
      '/theme.css': [themeCss, 'text/css'],
      '/dist/webview.js': [readFileSync(path.join(ROOT, 'dist', 'webview.js'), 'utf8'), 'text/javascript'],
      '/dist/webview.css': [readFileSync(path.join(ROOT, 'dist', 'webview.css'), 'utf8'), 'text/css'],
    };
    await page.route(`${ORIGIN}/**`, (route) => {
      const file = files[new URL(route.request().url()).pathname];
      return file ? route.fulfill({ body: file[0], contentType: file[1] }) : route.fulfill({ status: 404, body: '' });
    });
    // The shim: what VS Code injects into a webview, recording instead of delivering.
    await page.addInitScript(() => {
      const w = window as unknown as HarnessWindow & { acquireVsCodeApi: () => unknown };
      w.__posted = [];
      w.__states = [];
      w.__violations = [];
      // Like VS Code, keep the state across reloads of the page (sessionStorage survives them).
      let state: unknown = JSON.parse(sessionStorage.getItem('state') ?? 'null') ?? undefined;
      document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      w.acquireVsCodeApi = () => ({
        postMessage: (message: WebviewToHostMessage) => w.__posted.push(structuredClone(message)),
        getState: () => state,
        setState: (next: unknown) => {
          state = next;
          sessionStorage.setItem('state', JSON.stringify(next ?? null));
          w.__states.push(structuredClone(next));
        },
      });
    });
    await page.goto(`${ORIGIN}/index.html`);
    await waitForPosted('ready');
  }

  async function posted(): Promise<WebviewToHostMessage[]> {
    return page.evaluate(() => (window as unknown as HarnessWindow).__posted);
  }

  async function waitForPosted<T extends WebviewToHostMessage['type']>(type: T, count = 1): Promise<Extract<WebviewToHostMessage, { type: T }>> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const matching = (await posted()).filter((m): m is Extract<WebviewToHostMessage, { type: T }> => m.type === type);
      if (matching.length >= count) return matching[count - 1];
      if (Date.now() > deadline) throw new Error(`timed out waiting for a posted message; got ${JSON.stringify((await posted()).map((m) => m.type))}`);
      await page.waitForTimeout(25);
    }
  }

  async function send(message: unknown): Promise<void> {
    await page.evaluate((m) => window.postMessage(m, '*'), message);
  }

  async function activeId(): Promise<string> {
    return page.evaluate(() => {
      const active = document.activeElement as (HTMLElement & { value?: string }) | null;
      if (!active) return '';
      if (active.tagName === 'VSCODE-RADIO') return `radio:${active.value ?? ''}`;
      return active.id || active.tagName.toLowerCase();
    });
  }

  async function messageOf(field: string): Promise<{ text: string; className: string }> {
    return page.locator(`#${field}-message`).evaluate((node) => ({ text: node.textContent ?? '', className: node.className }));
  }

  async function chooseExpiry(value: string): Promise<void> {
    await page.locator(`#expiry-choice vscode-radio[value="${value}"]`).click();
  }

  afterEach(async function () {
    if (!pageOpen) return;
    pageOpen = false;
    // No catch: a page that cannot be read must fail the test, not pass these checks with nothing to check.
    const violations = await page.evaluate(() => (window as unknown as HarnessWindow).__violations);
    const states = await page.evaluate(() => JSON.stringify((window as unknown as HarnessWindow).__states));
    await page.close();
    assert.deepEqual(violations, [], 'the strict CSP must not block anything the form needs');
    assert.deepEqual(pageErrors, [], 'no script errors');
    assert.ok(!states.includes(SECRET), 'the key value must never reach persisted webview state');
  });

  it('posts only `ready` until init, then renders under the strict CSP with every element defined', async () => {
    await openHarness();
    await page.waitForTimeout(100);
    assert.deepEqual(await posted(), [{ type: 'ready' }]);
    await send(initMessage());
    await page.locator('#form-title').waitFor();
    assert.equal(await page.locator('#form-title').textContent(), 'Create API key');
    const defined = await page.evaluate(() =>
      ['vscode-textfield', 'vscode-textarea', 'vscode-radio', 'vscode-radio-group', 'vscode-button', 'vscode-label', 'vscode-progress-ring']
        .filter((tag) => !customElements.get(tag)));
    assert.deepEqual(defined, []);
    // Lit's styles arrive as adopted stylesheets; a CSP block would leave the shadow root unstyled.
    const adopted = await page.locator('#name').evaluate((node) => node.shadowRoot?.adoptedStyleSheets.length ?? 0);
    assert.ok(adopted > 0, 'component styles are adopted');
    assert.equal(await activeId(), 'name', 'the name field has focus first');
  });

  it('shows an error by the name field when it is emptied, and a warning for a 60-day expiry', async () => {
    await openHarness();
    await send(initMessage());
    const name = page.locator('#name input');
    await name.fill('ci-deploy');
    assert.equal((await messageOf('name')).text, '');
    await name.fill('');
    assert.match((await messageOf('name')).text, /Enter a name/);
    assert.match((await messageOf('name')).className, /\berror\b/);
    assert.equal(await page.locator('#name').getAttribute('invalid'), '');
    assert.equal(await page.locator('#name-message').getAttribute('aria-live'), 'polite');

    assert.equal((await messageOf('expiry')).text, '', '30 days is the recommended default');
    await chooseExpiry('60');
    const expiry = await messageOf('expiry');
    assert.match(expiry.text, /recommends/);
    assert.match(expiry.className, /\bwarning\b/);
    await chooseExpiry('30');
    assert.equal((await messageOf('expiry')).text, '');
  });

  it('does not submit an invalid form, and moves focus to the first error', async () => {
    await openHarness();
    await send(initMessage());
    await page.locator('#description textarea').fill('no name yet');
    await page.locator('#submit').click();
    await page.waitForTimeout(100);
    assert.deepEqual((await posted()).map((m) => m.type), ['ready']);
    assert.match((await messageOf('name')).text, /Enter a name/);
    assert.equal(await activeId(), 'name');
  });

  it('submits a well-formed message on Enter, goes busy, and shows the server error by the field', async () => {
    await openHarness();
    await send(initMessage());
    await page.locator('#name input').fill('  ci-deploy  ');
    await page.locator('#description textarea').fill('Used by the nightly pipeline');
    await page.locator('#name input').press('Enter');
    const submit = await waitForPosted('submit');
    assert.ok(isWebviewToHostMessage(submit), 'the host guard accepts it');
    assert.equal(submit.input.name, 'ci-deploy', 'normalized before sending');
    assert.equal(submit.input.description, 'Used by the nightly pipeline');
    assert.equal(submit.input.userUid, undefined, 'no owner picked means the signed-in user');
    const days = (Date.parse(submit.input.expiry) - Date.parse(NOW)) / 86_400_000;
    assert.ok(Math.abs(days - 30) < 0.01, `30-day preset, got ${days} days`);

    // Busy: every control disabled, progress shown, the form marked busy.
    assert.equal(await page.locator('#key-form').getAttribute('aria-busy'), 'true');
    assert.equal(await page.locator('#progress').isVisible(), true);
    for (const id of ['name', 'description', 'submit', 'cancel', 'owner-search']) {
      assert.equal(await page.locator(`#${id}`).evaluate((node) => (node as HTMLElement & { disabled: boolean }).disabled), true, `#${id} disabled`);
    }
    await page.keyboard.press('Escape');
    await page.locator('#submit').click({ force: true });
    await page.waitForTimeout(100);
    assert.deepEqual((await posted()).map((m) => m.type), ['ready', 'submit'], 'no cancel or second submit while busy');

    await send({
      type: 'submitResult', id: submit.id, ok: false, error: 'Palette says: a key named ci-deploy already exists.',
      fieldIssues: [{ field: 'name', severity: 'error', message: 'This name is taken.' }],
    });
    await page.locator('#form-error').waitFor({ state: 'visible' });
    assert.match(await page.locator('#form-error').textContent() ?? '', /already exists/);
    assert.equal(await page.locator('#form-error').getAttribute('role'), 'alert');
    assert.equal((await messageOf('name')).text, 'This name is taken.');
    assert.equal(await page.locator('#key-form').getAttribute('aria-busy'), 'false');
    assert.equal(await page.locator('#name').evaluate((node) => (node as HTMLElement & { disabled: boolean }).disabled), false);

    // Editing the field clears the server's complaint about it.
    await page.locator('#name input').fill('ci-deploy-2');
    assert.equal((await messageOf('name')).text, '');
  });

  it('searches users through the host and sends the picked owner', async () => {
    await openHarness();
    await send(initMessage());
    await page.locator('#name input').fill('for-ada');
    await page.locator('#owner-search input').fill('ada');
    const search = await waitForPosted('searchUsers');
    assert.equal(search.query, 'ada');
    await send({ type: 'users', id: search.id, items: [{ uid: 'u-ada', displayName: 'Ada Lovelace', email: 'ada@example.com' }] });
    const radio = page.locator('#owner-choice vscode-radio[value="u-ada"]');
    await radio.waitFor();
    assert.match(await radio.textContent() ?? '', /Ada Lovelace — ada@example.com/);
    assert.match(await page.locator('#owner-status').textContent() ?? '', /1 user matches/);
    await radio.click();
    await page.locator('#submit').click();
    const submit = await waitForPosted('submit');
    assert.equal(submit.input.userUid, 'u-ada');
  });

  it('hides the owner picker from non-admins and in edit mode, and keeps the current expiry when editing', async () => {
    await openHarness();
    await send(initMessage({ isAdmin: false }));
    await page.locator('#form-title').waitFor();
    assert.equal(await page.locator('#owner-field').count(), 0);
    await send(initMessage({
      formId: 'form-2', mode: 'edit', title: 'Edit API key', isAdmin: true,
      initial: { name: 'old', description: 'd', expiry: '2030-01-20T00:00:00Z' },
    }));
    await page.locator('#form-title').filter({ hasText: 'Edit API key' }).waitFor();
    assert.equal(await page.locator('#owner-field').count(), 0);
    assert.equal(await page.locator('#submit').textContent(), 'Save changes');
    await page.locator('#submit').click();
    const submit = await waitForPosted('submit');
    assert.deepEqual(submit.input, { name: 'old', description: 'd', expiry: '2030-01-20T00:00:00Z' });
  });

  it('keyboard: Tab order, Enter from a radio submits, Escape cancels', async () => {
    await openHarness();
    await send(initMessage());
    await page.locator('#name').waitFor();
    assert.equal(await activeId(), 'name');
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      order.push(await activeId());
    }
    assert.deepEqual(order, ['description', 'radio:30', 'owner-search', 'radio:', 'submit', 'cancel']);
    // Arrow keys move within the expiry group; the custom date then joins the order.
    await page.keyboard.press('Shift+Tab'); // submit
    await page.keyboard.press('Shift+Tab'); // owner radio
    await page.keyboard.press('Shift+Tab'); // owner search
    await page.keyboard.press('Shift+Tab'); // expiry radio
    assert.equal(await activeId(), 'radio:30');
    await page.keyboard.press('ArrowDown');
    assert.equal(await activeId(), 'radio:60');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(100);
    assert.match((await messageOf('name')).text, /Enter a name/, 'Enter on a radio attempts to submit');
    assert.equal(await activeId(), 'name');
    await page.keyboard.type('from-keyboard');
    await page.keyboard.press('Enter');
    const submit = await waitForPosted('submit');
    assert.equal(submit.input.name, 'from-keyboard');
    await send({ type: 'submitResult', id: submit.id, ok: false, error: 'nope' });
    await page.locator('#form-error').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await waitForPosted('cancel');
  });

  it('shows the translations the host passes (vscode.l10n.bundle), in the form and on the reveal page', async () => {
    await openHarness('dark', {
      'Create key': 'Schlüssel erstellen',
      '{0} days (recommended)': '{0} Tage (empfohlen)',
      'API key “{0}” created': 'API-Schlüssel „{0}“ erstellt',
      'Insert environment reference writes {0} as a reference (not the value) at the cursor of the last active editor. Store the value in that variable yourself, for example in your CI secrets.':
        'Umgebungsreferenz einfügen schreibt {0} als Verweis an den Cursor.',
    });
    await send(initMessage());
    await page.locator('#submit').waitFor();
    assert.equal(await page.locator('#submit').textContent(), 'Schlüssel erstellen');
    assert.match(await page.locator('#key-form').textContent() ?? '', /30 Tage \(empfohlen\)/);
    assert.match(await page.locator('#key-form').textContent() ?? '', /60 days/, 'a string the bundle lacks stays English');
    await page.locator('#name input').fill('ci-deploy');
    await page.locator('#name input').press('Enter');
    const submit = await waitForPosted('submit');
    await send({ type: 'submitResult', id: submit.id, ok: true });
    await send({ type: 'reveal', keyName: 'ci-deploy', value: SECRET, envVarName: 'SPECTROCLOUD_APIKEY' });
    await page.locator('#reveal-title').waitFor();
    assert.equal(await page.locator('#reveal-title').textContent(), 'API-Schlüssel „ci-deploy“ erstellt');
    const hint = page.locator('#reveal .hint');
    assert.equal(await hint.textContent(), 'Umgebungsreferenz einfügen schreibt SPECTROCLOUD_APIKEY als Verweis an den Cursor.');
    assert.equal(await hint.locator('code').textContent(), 'SPECTROCLOUD_APIKEY', 'the variable name stays an element inside the translated sentence');
    await page.locator('#reveal-copy').click();
    await waitForPosted('copyValue');
  });

  it('reveals the value once, copies and inserts by request only, and clears it on Done', async () => {
    await openHarness();
    await send(initMessage());
    await page.locator('#name input').fill('ci-deploy');
    await page.locator('#name input').press('Enter');
    const submit = await waitForPosted('submit');
    await send({ type: 'submitResult', id: submit.id, ok: true });
    await send({ type: 'reveal', keyName: 'ci-deploy', value: SECRET, envVarName: 'SPECTROCLOUD_APIKEY' });
    const value = page.locator('#secret-value');
    await value.waitFor();
    assert.equal(await value.textContent(), SECRET);
    assert.equal(await page.locator('#key-form').count(), 0, 'the form is gone');
    assert.match(await page.locator('#reveal-note').textContent() ?? '', /won’t see it again/);
    assert.match(await value.evaluate((node) => getComputedStyle(node).fontFamily), /Mono|monospace/);
    assert.equal(await value.evaluate((node) => getComputedStyle(node).userSelect), 'all');
    assert.equal(await activeId(), 'reveal-title', 'focus moves to the announcement');

    await page.locator('#reveal-done').click();
    assert.match(await page.locator('#reveal-status').textContent() ?? '', /haven’t copied/);
    assert.equal(await value.count(), 1, 'the first Done without a copy only warns');

    await page.locator('#reveal-copy').click();
    const copy = await waitForPosted('copyValue');
    assert.deepEqual(Object.keys(copy).sort(), ['id', 'type'], 'copyValue carries no value');
    await send({ type: 'actionResult', id: copy.id, ok: true, message: 'Copied. The clipboard will be cleared in 30 seconds.' });
    await page.locator('#reveal-status').filter({ hasText: 'Copied.' }).waitFor();

    await page.locator('#reveal-insert').click();
    const insert = await waitForPosted('insertReference');
    await send({ type: 'actionResult', id: insert.id, ok: true, message: 'Inserted $SPECTROCLOUD_APIKEY into deploy.sh.' });
    await page.locator('#reveal-status').filter({ hasText: 'Inserted' }).waitFor();
    await page.screenshot({ path: path.join(screenshotDir(), 'reveal-webview-harness.png') });

    await page.locator('#reveal-done').click();
    await waitForPosted('done');
    assert.equal(await value.count(), 0);
    assert.ok(!(await page.content()).includes(SECRET), 'the value is gone from the DOM');
    assert.ok(!JSON.stringify(await posted()).includes(SECRET), 'the value never went back to the host');
  });

  it('ignores malformed or unknown host messages', async () => {
    await openHarness();
    await send(initMessage());
    await page.locator('#form-title').waitFor();
    await send({ type: 'reveal', keyName: 'k', value: SECRET, envVarName: 'X', extra: 1 });
    await send({ type: 'eval', code: 'document.body.remove()' });
    await send({ ...initMessage(), title: 'x'.repeat(10_000) });
    await page.waitForTimeout(100);
    assert.equal(await page.locator('#secret-value').count(), 0);
    assert.equal(await page.locator('#form-title').textContent(), 'Create API key');
  });

  it('persists only the non-secret draft and restores it after a reload', async () => {
    await openHarness();
    await send(initMessage());
    await page.locator('#name input').fill('draft-name');
    await chooseExpiry('7');
    const last = await page.evaluate(() => {
      const states = (window as unknown as HarnessWindow).__states;
      return states[states.length - 1];
    });
    assert.deepEqual(last, {
      formId: 'form-1',
      draft: { name: 'draft-name', description: '', expiryChoice: '7', customDate: '' },
    });

    await page.reload();
    await waitForPosted('ready');
    await send(initMessage());
    await page.locator('#name').waitFor();
    assert.equal(await page.locator('#name').evaluate((node) => (node as HTMLElement & { value: string }).value), 'draft-name');
    assert.equal(await page.locator('#expiry-choice vscode-radio[checked]').getAttribute('value'), '7');

    // A draft belongs to one request: a new form id starts clean.
    await send(initMessage({ formId: 'form-2' }));
    await page.locator('#name').waitFor();
    assert.equal(await page.locator('#name').evaluate((node) => (node as HTMLElement & { value: string }).value), '');
  });

  for (const theme of ['dark', 'light'] as const) {
    it(`renders the ${theme} theme (screenshot)`, async () => {
      await openHarness(theme);
      await send(initMessage());
      await page.locator('#name input').fill('ci-deploy');
      await page.locator('#description textarea').fill('Used by the nightly pipeline in GitLab CI');
      await chooseExpiry('60');
      await page.locator('#name').focus();
      const colors = await page.evaluate(() => ({
        body: getComputedStyle(document.body).color,
        warning: getComputedStyle(document.getElementById('expiry-message') as HTMLElement).color,
      }));
      assert.equal(colors.body, theme === 'dark' ? 'rgb(204, 204, 204)' : 'rgb(59, 59, 59)', 'the page follows the theme variables');
      assert.notEqual(colors.warning, colors.body);
      const file = theme === 'dark' ? 'form-webview-harness.png' : 'form-webview-harness-light.png';
      await page.screenshot({ path: path.join(screenshotDir(), file), fullPage: true });
    });
  }
});

/** test-results/screenshots, or media/screenshots (the README's pictures) with PALETTE_UPDATE_SCREENSHOTS=1, as the host runner does. */
function screenshotDir(): string {
  const dir = process.env.PALETTE_UPDATE_SCREENSHOTS === '1'
    ? path.join(ROOT, 'media', 'screenshots')
    : path.join(ROOT, 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}
