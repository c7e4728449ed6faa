import { resolveScanConfig, type ResolvedScanConfig } from '../../core/scanner/files/scanConfig';
import { deadlineAfter, ScanBudgetExceeded } from '../../core/scanner/scanLimits';
import { scanTextOutcome } from '../../core/scanner/scanText';
import type { TextScanOutcome } from '../../core/scanner/worker/textScanWorker';
import type { WorkspaceKnownKeys } from './workspaceScanner';
import { SCAN_TIME_BUDGET_MS } from './scannerSettings';

/**
 * Scans text in the extension host itself (the web build has no worker threads), with the answer a
 * scan worker gives: findings at every confidence (the finding store filters by the setting), or
 * `skipped` when the scan ran past the per-file time budget.
 */
export class InHostTextScanner {
  private resolved: { readonly version: number; readonly config: ResolvedScanConfig } | undefined;

  constructor(private readonly knownKeys: WorkspaceKnownKeys) {}

  scan(text: string, fileName: string): TextScanOutcome {
    const started = performance.now();
    try {
      const { findings, truncated } = scanTextOutcome(text, {
        ...this.config().scanOptions,
        fileName,
        minConfidence: 'low',
        deadline: deadlineAfter(SCAN_TIME_BUDGET_MS),
      });
      return { status: 'scanned', findings, truncated, durationMs: performance.now() - started };
    } catch (error) {
      if (error instanceof ScanBudgetExceeded) return { status: 'skipped', reason: 'time-budget' };
      throw error;
    }
  }

  /** The known-key index, rebuilt when the known keys changed. */
  private config(): ResolvedScanConfig {
    const version = this.knownKeys.version;
    if (this.resolved?.version !== version) {
      const knownKeys = this.knownKeys.workerConfig;
      this.resolved = { version, config: resolveScanConfig(knownKeys ? { knownKeys } : {}) };
    }
    return this.resolved.config;
  }
}
