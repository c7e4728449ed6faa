import { compareConfidence, meetsConfidence } from './confidence';
import { createDetectorContext } from './detectorContext';
import { findingFingerprint } from './fingerprint';
import { LineIndex } from './lineIndex';
import { maskSecret } from './masking';
import { paletteKeysPreset } from './preset';
import { AllowMarkers } from './suppression';
import { mayHoldKey } from './prefilter';
import { checkDeadline, MAX_FINDINGS_PER_FILE } from './scanLimits';
import type { Detector, DetectorReport, Finding, ScanOptions, SuppressionKind } from './types';

interface RawFinding {
  readonly detector: Detector;
  readonly order: number;
  readonly report: DetectorReport;
}

/**
 * Scans text for Palette API keys. Pure and synchronous; text without a 32-character alphanumeric
 * run or a long base64 run is dismissed after a sampling pass that reads ~1/32 of it. Findings are
 * masked and fingerprinted here, so they carry no raw value. Sorted by position.
 */
export function scanText(text: string, options: ScanOptions = {}): Finding[] {
  return scanTextOutcome(text, options).findings;
}

/** What a scan found, and whether it stopped at `MAX_FINDINGS_PER_FILE` (later keys are not listed). */
export interface ScanOutcome {
  readonly findings: Finding[];
  readonly truncated: boolean;
}

/**
 * `scanText` with the outcome's limits. Throws `ScanBudgetExceeded` when `options.deadline` passes
 * before the scan ends.
 */
export function scanTextOutcome(text: string, options: ScanOptions = {}): ScanOutcome {
  return mayHoldKey(text) ? scanCandidateText(text, options) : { findings: [], truncated: false };
}

/** A finding while it is put together. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Stops the detectors once enough findings are in. */
const ENOUGH = Symbol('enough findings');

/**
 * `scanTextOutcome` for callers that already ran the prefilter (on the file's bytes); not for general use.
 * @internal
 */
export function scanCandidateText(text: string, options: ScanOptions): ScanOutcome {
  const fileName = options.fileName ?? '';
  const detectors = options.detectors ?? paletteKeysPreset;
  const { deadline } = options;
  const context = createDetectorContext(text, fileName, options.knownKeys, { deadline });
  const minimum = options.minConfidence ?? 'medium';
  const raw: RawFinding[] = [];
  // Distinct ranges worth showing: detectors often report the same range, which counts once.
  const counted = new Set<number>();
  let truncated = false;
  try {
    detectors.forEach((detector, order) => {
      checkDeadline(deadline);
      detector.detect(context, (report) => {
        raw.push({ detector, order, report });
        if (meetsConfidence(report.confidence, minimum)) counted.add(report.start);
        if (counted.size > MAX_FINDINGS_PER_FILE) throw ENOUGH;
        checkDeadline(deadline);
      });
    });
  } catch (error) {
    if (error !== ENOUGH) throw error;
    truncated = true;
  } finally {
    context.release();
  }
  if (raw.length === 0) return { findings: [], truncated };
  const lines = new LineIndex(text);
  const allowMarkers = new AllowMarkers(text, lines);
  const findings: Finding[] = [];
  try {
    for (const { detector, report } of strongestPerRange(raw)) {
      if (!meetsConfidence(report.confidence, minimum)) continue;
      if (findings.length === MAX_FINDINGS_PER_FILE) {
        truncated = true;
        break;
      }
      const start = lines.position(report.start);
      const inline = allowMarkers.suppresses(start.line);
      // A hidden finding needs no fingerprint (an HMAC, the dearest step here).
      if (inline && options.includeSuppressed !== true) continue;
      const fingerprint = findingFingerprint(detector.meta.id, report.value);
      const suppressed: SuppressionKind | undefined = options.ignoredFingerprints?.has(fingerprint) === true ? 'ignoreFile' : inline ? 'inline' : undefined;
      if (suppressed !== undefined && options.includeSuppressed !== true) continue;
      const end = lines.position(report.end);
      const finding: Writable<Finding> = {
        ruleId: detector.meta.id,
        confidence: report.confidence,
        message: detector.messages[report.messageId] ?? detector.meta.docs.description,
        file: fileName,
        start: report.start,
        end: report.end,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        masked: maskSecret(report.value),
        fingerprint,
        encoding: report.encoding ?? 'plain',
      };
      // Optional fields set after, in this order: conditional spreads in the literal took more
      // time than the rest of a finding (besides its fingerprint).
      if (report.knownKeyId !== undefined) finding.knownKeyId = report.knownKeyId;
      if (suppressed !== undefined) finding.suppressed = suppressed;
      findings.push(finding);
    }
  } finally {
    allowMarkers.release();
    lines.release();
  }
  return { findings, truncated };
}

/** One finding per range: a known key beats a guess, then higher confidence, then preset order. */
function strongestPerRange(raw: readonly RawFinding[]): RawFinding[] {
  const byRange = new Map<number | string, RawFinding>();
  for (const candidate of raw) {
    const key = rangeKey(candidate.report.start, candidate.report.end);
    const current = byRange.get(key);
    if (current === undefined || stronger(candidate, current)) byRange.set(key, candidate);
  }
  return [...byRange.values()].sort((a, b) => a.report.start - b.report.start || a.report.end - b.report.end);
}

/**
 * A map key per range, a number rather than a string per finding: reported ranges are a key's
 * characters (32, or ~44 base64), far under 2^21, and offsets under 2^31 keep the sum exact.
 */
function rangeKey(start: number, end: number): number | string {
  return end - start < RANGE_LENGTHS ? start * RANGE_LENGTHS + (end - start) : `${start}:${end}`;
}

const RANGE_LENGTHS = 2 ** 21;

function stronger(a: RawFinding, b: RawFinding): boolean {
  const aKnown = a.report.knownKeyId !== undefined;
  const bKnown = b.report.knownKeyId !== undefined;
  if (aKnown !== bKnown) return aKnown;
  const byConfidence = compareConfidence(a.report.confidence, b.report.confidence);
  return byConfidence !== 0 ? byConfidence > 0 : a.order < b.order;
}
