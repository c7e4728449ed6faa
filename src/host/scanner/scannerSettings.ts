import * as vscode from 'vscode';
import { isConfidence } from '../../core/scanner/confidence';
import type { Confidence } from '../../core/scanner/types';

/** Typed reads of the `paletteKeys.scanner.*` settings; a bad value falls back to the default. */
export interface ScannerSettings {
  readonly enabled: boolean;
  /** `onType`: re-scan open documents as they change (debounced); `onSave`: only on open and save. */
  readonly run: 'onType' | 'onSave';
  readonly debounceMs: number;
  readonly scanOnStartup: boolean;
  /** Files (and open documents) larger than this are not scanned. */
  readonly maxFileSizeBytes: number;
  readonly includeGitIgnored: boolean;
  readonly minConfidence: Confidence;
}

export const SCANNER_SETTINGS_SECTION = 'paletteKeys.scanner';

/**
 * Per-file scan time budget (open documents and workspace files): a scan that runs longer stops, and
 * the file is reported as skipped (`time-budget`). A 1 MB file scans in well under 100 ms on an idle
 * machine, so only a pathological file, or a machine far too busy, reaches it.
 */
export const SCAN_TIME_BUDGET_MS = 3000;

export function readScannerSettings(): ScannerSettings {
  const config = vscode.workspace.getConfiguration(SCANNER_SETTINGS_SECTION);
  const number = (key: string, fallback: number, min: number, max: number): number => {
    const value = config.get<unknown>(key);
    return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
  };
  const run = config.get<unknown>('run');
  const minConfidence = config.get<unknown>('minConfidence');
  return {
    enabled: config.get<unknown>('enabled') !== false,
    run: run === 'onSave' ? 'onSave' : 'onType',
    debounceMs: number('debounceMs', 300, 0, 10_000),
    scanOnStartup: config.get<unknown>('scanOnStartup') !== false,
    maxFileSizeBytes: number('maxFileSizeKb', 1024, 1, 100 * 1024) * 1024,
    includeGitIgnored: config.get<unknown>('includeGitIgnored') === true,
    minConfidence: typeof minConfidence === 'string' && isConfidence(minConfidence) ? minConfidence : 'medium',
  };
}
