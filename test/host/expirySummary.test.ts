// The expiry notification is a once-a-day summary of the user's own keys, not one toast per key:
// the real notifier over the real session against an emulator this suite owns, with a clock the
// test moves and the day store and claim folder it owns.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { RunningEmulator } from '../../src/emulator/server';
import { CrossWindowOnce } from '../../src/core/sync/crossWindowOnce';
import { ExpiryNotifier, SUMMARY_DAY_STATE_KEY, type SummaryDayStore } from '../../src/host/expiryNotifier';
import { ADMIN_KEY, DAY_MS, SessionRig, recordNotifications, startTestEmulator, type Shown } from './reliabilitySupport';

/** `context.globalState` of one window, in memory: the notifier's only reads and writes. */
function dayStore(): SummaryDayStore & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    get: <T>(key: string, fallback?: T) => (values.has(key) ? values.get(key) as T : fallback) as T,
    update: (key: string, value: unknown) => Promise.resolve(void values.set(key, value)),
  } as SummaryDayStore & { values: Map<string, unknown> };
}

describe('expiry summary notification', function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  let rig: SessionRig;
  let claims: string;
  let notifications: { shown: Shown[]; restore: () => void };
  let clock: Date;
  const notifiers: ExpiryNotifier[] = [];

  const notifier = (days: SummaryDayStore, folder = claims) => {
    const created = new ExpiryNotifier(rig.session, {
      once: new CrossWindowOnce(folder), days, enabled: () => true, warningDays: () => 7, now: () => clock, log: rig.log.logger,
    });
    notifiers.push(created);
    return created;
  };
  const summaries = () => notifications.shown.filter((shown) => /Palette API key/.test(shown.message));

  before(async () => {
    emulator = await startTestEmulator();
    rig = new SessionRig();
    await rig.signIn(emulator.url, ADMIN_KEY);
  });

  beforeEach(() => {
    claims = fs.mkdtempSync(path.join(tmpdir(), 'palette-claims-'));
    clock = new Date();
    notifications = recordNotifications();
  });

  afterEach(() => {
    notifications.restore();
    for (const created of notifiers.splice(0)) created.dispose();
    fs.rmSync(claims, { recursive: true, force: true });
  });

  after(async () => {
    rig?.dispose();
    await emulator?.close();
  });

  it('sums up the user\'s own expiring keys in one warning with Review, once a day', async () => {
    const days = dayStore();
    const window = notifier(days);
    await window.check();
    await window.check();
    // The admin's seed holds one own key within 7 days (terraform-ci); other users' expiring keys stay out.
    assert.deepEqual(summaries().map((shown) => shown.severity), ['warning'], 'one warning');
    assert.match(summaries()[0].message, /^Your Palette API key "terraform-ci" expires in \d days\.$/);
    assert.match(String(days.values.get(SUMMARY_DAY_STATE_KEY)), /^\d{4}-\d{2}-\d{2}$/, 'the day is kept, and nothing else');
    assert.deepEqual([...days.values.keys()], [SUMMARY_DAY_STATE_KEY]);

    clock = new Date(clock.getTime() + DAY_MS);
    await window.check();
    assert.equal(summaries().length, 2, 'the next day brings the next summary');
  });

  it('counts several expiring keys in one notification instead of one per key', async () => {
    const uid = rig.session.state.kind === 'ready' ? rig.session.state.me.userUid : '';
    const soon = new Date(Date.now() + 3 * DAY_MS).toISOString();
    for (const name of ['summary-a', 'summary-b']) await rig.session.service.createKey({ name, description: '', expiry: soon });
    await rig.session.refresh();
    const expiringOwn = rig.session.keys.filter((key) => key.owner.uid === uid && key.isActive
      && key.expiry.getTime() > Date.now() && key.expiry.getTime() - Date.now() <= 7 * DAY_MS);
    await notifier(dayStore()).check();
    assert.deepEqual(summaries().map((shown) => shown.message), [`${expiringOwn.length} of your Palette API keys expire within 7 days.`]);
  });

  it('is shown by one window only when several share the claim folder', async () => {
    await notifier(dayStore()).check();
    await notifier(dayStore()).check();
    assert.equal(summaries().length, 1);
  });

  it('stays quiet when the setting turns it off', async () => {
    const quiet = new ExpiryNotifier(rig.session, {
      once: new CrossWindowOnce(claims), days: dayStore(), enabled: () => false, warningDays: () => 7, now: () => clock, log: rig.log.logger,
    });
    notifiers.push(quiet);
    await quiet.check();
    // `check` resolves after deciding, and a shown message is recorded before that: no wait needed.
    assert.equal(summaries().length, 0);
  });
});
