import { createHmac, randomBytes } from 'node:crypto';
import { paletteKeysPreset } from '../preset';
import type { Detector } from '../types';

/**
 * Tells whether two findings saw the same key value, whatever rule found each (a finding's
 * fingerprint includes its rule, and a line read with more context can be found by another rule).
 * It wraps the detectors `scanText` runs and remembers the value each one reported in the last
 * scanned text; findings are compared by a keyed hash of it, under a secret made for this scan and
 * never stored, so what leaves the scan thread never holds a value.
 */
export class ValueRecorder {
  private readonly secret = randomBytes(32);
  private reports = new Map<string, string>();
  /** The preset's detectors (same ids, messages and order), each reporting to this recorder as well. */
  readonly detectors: readonly Detector[];

  constructor(detectors: readonly Detector[] = paletteKeysPreset) {
    this.detectors = detectors.map((detector) => ({
      meta: detector.meta,
      messages: detector.messages,
      detect: (context, report) =>
        detector.detect(context, (found) => {
          this.reports.set(`${detector.meta.id}\u0000${found.start}`, found.value);
          report(found);
        }),
    }));
  }

  /** Forget the values of the last scanned text; call before each `scanText`. */
  reset(): void {
    if (this.reports.size > 0) this.reports = new Map();
  }

  /** The value of the last scanned text's report at `start` by `ruleId`. */
  valueAt(ruleId: string, start: number): string | undefined {
    return this.reports.get(`${ruleId}\u0000${start}`);
  }

  /** The keyed hash of a value, comparable with this recorder's other value hashes. */
  hashValue(value: string): string {
    return createHmac('sha256', this.secret).update(value, 'utf8').digest('base64');
  }
}
