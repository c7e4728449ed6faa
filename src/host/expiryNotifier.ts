import * as vscode from 'vscode';
import { describeExpiry } from '../core/keys/expiry';
import { calendarDay, summariseExpiry } from '../core/keys/expirySummary';
import { CLAIMS } from '../core/sync/channels';
import type { OnceClaims } from '../core/sync/crossWindowOnce';
import { Disposable } from './lifecycle';
import type { Logger } from './logger';
import type { PaletteSession } from './session/paletteSession';

/** Where the day of the last summary is kept: `context.globalState` (a date, never a key or its value). */
export type SummaryDayStore = Pick<vscode.Memento, 'get' | 'update'>;

/** The `globalState` entry holding the last day a summary was shown (`YYYY-MM-DD`). */
export const SUMMARY_DAY_STATE_KEY = 'paletteKeys.expirySummary.lastShownDay';

export interface ExpiryNotifierOptions {
  readonly once: OnceClaims;
  readonly days: SummaryDayStore;
  readonly enabled: () => boolean;
  readonly warningDays: () => number;
  readonly now: () => Date;
  readonly log: Logger;
}

/**
 * At most one notification a day about the user's own keys that expire soon ("3 of your Palette API
 * keys expire within 7 days", with Review), in one window: the day is kept in global storage, and
 * the first window to claim the day shows it. Other users' keys are for the badge and the review.
 */
export class ExpiryNotifier extends Disposable {
  /** The day whose decision this window has logged. */
  private loggedDay: string | undefined;

  constructor(private readonly session: PaletteSession, private readonly options: ExpiryNotifierOptions) {
    super();
    this._register(session.onDidChangeState(() => void this.check()));
  }

  /** Shows today's summary if one is due and none was shown today; resolves once it is decided (not answered). */
  async check(): Promise<void> {
    const state = this.session.state;
    if (state.kind !== 'ready' || !this.options.enabled()) return;
    const now = this.options.now();
    const warningDays = this.options.warningDays();
    const { expiring } = summariseExpiry(state.keys, state.me.userUid, now, warningDays);
    if (expiring.length === 0) return;
    const today = calendarDay(now);
    if (this.options.days.get<string>(SUMMARY_DAY_STATE_KEY) === today) {
      this.logDecision(today, 'shown today already');
      return;
    }
    // Written before the claim so this window's next tick stops here; the claim settles a race with other windows.
    await this.options.days.update(SUMMARY_DAY_STATE_KEY, today);
    if (!(await this.options.once.claim(CLAIMS.expirySummary(today)))) {
      this.logDecision(today, 'another window shows it');
      return;
    }
    this.logDecision(today, `shown: ${expiring.length} of the user's keys expire within ${warningDays} days`);
    const message = expiring.length === 1
      ? vscode.l10n.t('Your Palette API key "{0}" {1}.', expiring[0].name, describeExpiry(expiring[0].expiry, now))
      : vscode.l10n.t('{0} of your Palette API keys expire within {1} days.', expiring.length, warningDays);
    void this.show(message);
  }

  /** Logs the day's decision once per window (checks repeat on every tick). */
  private logDecision(day: string, decision: string): void {
    if (this.loggedDay === day) return;
    this.loggedDay = day;
    this.options.log.info(`expiry summary for ${day}: ${decision}`);
  }

  private async show(message: string): Promise<void> {
    const review = vscode.l10n.t('Review');
    if (await vscode.window.showWarningMessage(message, review) === review) {
      await vscode.commands.executeCommand('paletteKeys.reviewKeys');
    }
  }
}
