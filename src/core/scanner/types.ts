import type { KnownKeyIndex } from './knownKeyIndex';

/** How sure a detector is that a token is a live Palette API key. */
export type Confidence = 'high' | 'medium' | 'low';

/** What kind of file the text came from; detectors use it for context and confidence. */
export type FileKind =
  | 'env'
  | 'shell'
  | 'dockerfile'
  | 'compose'
  | 'terraform'
  | 'tfvars'
  | 'yaml'
  | 'json'
  | 'http'
  | 'code'
  | 'other';

/** The documentation a detector carries, in the manner of secretlint's `meta`. */
export interface DetectorMeta {
  /** Stable rule id, e.g. `palette-keys/env-assignment`; part of every finding fingerprint. */
  readonly id: string;
  readonly docs: {
    readonly description: string;
    /** Short help shown in SARIF `help` and `--help`-style listings. */
    readonly help: string;
  };
}

/**
 * What a detector reports: offsets into the scanned text and the key value it saw. The value never
 * leaves the core: `scanText` masks and fingerprints it and drops it.
 */
export interface DetectorReport<M extends string = string> {
  /** Offset (UTF-16 code units) of the first character of the reported range. */
  readonly start: number;
  /** Offset just past the reported range. */
  readonly end: number;
  /** The key value (for base64 reports: the decoded value, not the text in the range). */
  readonly value: string;
  readonly confidence: Confidence;
  readonly messageId: M;
  readonly knownKeyId?: string;
  readonly encoding?: 'plain' | 'base64';
}

/** Which kinds of context word a text holds: an anchor (`api[-_]?key`, `spectro`, `palette`), a section word (`spectro`, `palette`, `sc_host`). */
export interface ContextWords {
  readonly anchor: boolean;
  readonly section: boolean;
}

/** Read-only facts about the text that detectors share; expensive parts are computed on first use. */
export interface DetectorContext {
  readonly text: string;
  readonly fileName: string;
  readonly fileKind: FileKind;
  readonly knownKeys: KnownKeyIndex | undefined;
  /**
   * True when a word context detectors anchor on (`apikey`, `api_key`, `spectro`, `palette`…)
   * occurs shortly before a 32-character candidate. Computed once; detectors that read plain-text
   * context return at once when it is false.
   */
  anchored(): boolean;
  /**
   * Which kinds of context word the text holds anywhere: an anchor (`api[-_]?key`, `spectro`,
   * `palette`) and a section word (`spectro`, `palette`, `sc_host`). Found in one pass, once.
   */
  contextWords(): ContextWords;
  /** Starts of every alphanumeric run of exactly 32 characters (any neighbours), found once and shared. */
  exactRuns(): Readonly<ArrayLike<number>> & Iterable<number>;
  /**
   * True when a standalone 32-character token (a possible key) starts within `distance` characters
   * after `offset`. Detectors call it per anchor match to skip names with no value nearby.
   */
  candidateWithin(offset: number, distance: number): boolean;
  /**
   * Start of the first standalone token at or after `offset` (the text's length when none is): where
   * an anchor loop may jump when `candidateWithin` says no, past anchors that cannot have one either.
   */
  nextCandidateFrom(offset: number): number;
  /** True when the file name or its text mentions Palette / Spectro Cloud. */
  paletteMentioned(): boolean;
  /** True when Palette / Spectro Cloud is mentioned within `radius` characters of `offset`. */
  paletteNear(offset: number, radius?: number): boolean;
  /** Base64 runs long enough to hold an encoded key that decode to text, decoded once and shared. */
  base64Segments(): readonly Base64Segment[];
  /**
   * The `index`-th of `base64Segments()` (undefined past the last), decoded only as far as read:
   * for detectors that may stop at the findings limit long before the text's end.
   */
  base64Segment(index: number): Base64Segment | undefined;
  /**
   * Throws `ScanBudgetExceeded` when the scan's deadline has passed. Cheap; `candidateWithin` calls
   * it too, so loops over anchors need not. Loops over anything else call it now and then.
   */
  checkBudget(): void;
}

/** A run of base64 text and its decoded bytes (as a latin1 string: one char per byte). */
export interface Base64Segment {
  readonly start: number;
  readonly end: number;
  /**
   * Decoded bytes (always text-like: binary payloads are not kept), one char per byte. When the
   * text is long (`windows` is set), this string is made on first read, at a cost: read `windows`.
   */
  readonly decoded: string;
  /** Long decoded text (see `MAX_DECODED_STRING`) as overlapping windows of whole lines; else undefined. */
  readonly windows: readonly DecodedWindow[] | undefined;
}

/** Part of a long decoded text: whole lines, as one string (see `layOutLineWindows`). */
export interface DecodedWindow {
  readonly text: string;
  /** Where `text` starts in the decoded text. */
  readonly offset: number;
  /** The part of `text` the window answers for, [ownFrom, ownTo): the windows' own parts tile the decoded text. */
  readonly ownFrom: number;
  readonly ownTo: number;
}

/**
 * A leak detector shaped like a secretlint rule: `meta`, `messages`, and a function that reports
 * `[start, end]` ranges.
 */
export interface Detector<M extends string = string> {
  readonly meta: DetectorMeta;
  readonly messages: Readonly<Record<M, string>>;
  detect(context: DetectorContext, report: (report: DetectorReport<M>) => void): void;
}

/** Why a finding is not shown, when the caller asked to see suppressed findings too. */
export type SuppressionKind = 'inline' | 'ignoreFile';

/** One leaked (or likely leaked) key in one file. Carries no raw key value. */
export interface Finding {
  readonly ruleId: string;
  readonly confidence: Confidence;
  readonly message: string;
  /** The file name passed in `ScanOptions.fileName` (empty when none was given). */
  readonly file: string;
  /** Offsets (UTF-16 code units) of the reported range in the scanned text. */
  readonly start: number;
  readonly end: number;
  /** 1-based line of `start`. */
  readonly line: number;
  /** 1-based column of `start`, in UTF-16 code units (as VS Code and SARIF count them). */
  readonly column: number;
  readonly endLine: number;
  /** 1-based column just past the range (exclusive, as in SARIF). */
  readonly endColumn: number;
  /** The value with at most 4 leading and 4 trailing characters visible, e.g. `QMOI…juvl`. */
  readonly masked: string;
  /** Stable id of this leak (value + rule), independent of line numbers; used by ignore files. */
  readonly fingerprint: string;
  readonly encoding: 'plain' | 'base64';
  /** Set when the value matches a known key; the host maps it to the key's name, owner and state. */
  readonly knownKeyId?: string;
  /** Only present when `includeSuppressed` was asked for. */
  readonly suppressed?: SuppressionKind;
}

/** Options of `scanText`. All optional. */
export interface ScanOptions {
  /** Path or name of the file; used for file-kind hints (`.env`, `.tf`, `.http`…) and copied to findings. */
  readonly fileName?: string;
  /** Fingerprints of known key values; matched plain and base64-encoded in any context. */
  readonly knownKeys?: KnownKeyIndex;
  /** Drop findings below this confidence. Default `medium`. */
  readonly minConfidence?: Confidence;
  /** Finding fingerprints to suppress (from `.palette-keys-ignore`). */
  readonly ignoredFingerprints?: ReadonlySet<string>;
  /** Return suppressed findings too, marked with `suppressed`. Default false. */
  readonly includeSuppressed?: boolean;
  /** Detectors to run. Default: `paletteKeysPreset`. */
  readonly detectors?: readonly Detector[];
  /**
   * A `performance.now()` time by which the scan must end: past it, the scan throws
   * `ScanBudgetExceeded` (callers report the file as skipped). Default: none.
   */
  readonly deadline?: number;
}
