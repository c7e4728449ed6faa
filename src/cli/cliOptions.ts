import { parseArgs } from 'node:util';
import { isConfidence } from '../core/scanner/confidence';
import { DEFAULT_MAX_FILE_SIZE } from '../core/scanner/files/readTextFile';
import type { Confidence } from '../core/scanner/types';

/** Output formats of `palette-keys scan`. */
export type OutputFormat = 'text' | 'json' | 'sarif';

/** Parsed `palette-keys scan` options. */
export interface ScanCommandOptions {
  readonly command: 'scan';
  readonly paths: readonly string[];
  readonly format: OutputFormat;
  readonly knownKeysFile: string | undefined;
  readonly hmacSecretEnv: string;
  readonly staged: boolean;
  readonly noIgnore: boolean;
  readonly maxFileSize: number;
  readonly minConfidence: Confidence;
  readonly exclude: readonly string[];
  readonly ignoreFile: string | undefined;
  readonly jobs: number;
  readonly follow: boolean;
  /** Scan git history (`--history`), with its range options; undefined for a file scan. */
  readonly history: HistoryRange | undefined;
}

/** Which commits `--history` scans. */
export interface HistoryRange {
  readonly allRefs: boolean;
  readonly since: string | undefined;
  readonly maxCommits: number | undefined;
}

/** What the command line asks for. */
export type CliRequest = ScanCommandOptions | { readonly command: 'help' } | { readonly command: 'version' };

/** A command-line mistake; the CLI prints it with a hint and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Default environment variable holding the HMAC secret for fingerprint lines in a known-keys file. */
export const DEFAULT_HMAC_SECRET_ENV = 'PALETTE_KEYS_HMAC_SECRET';

/** Parses argv (without node and script). Throws `UsageError` on unknown flags or bad values. */
export function parseCliArgs(argv: readonly string[]): CliRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        'known-keys': { type: 'string' },
        'hmac-secret-env': { type: 'string' },
        staged: { type: 'boolean' },
        'no-ignore': { type: 'boolean' },
        'max-file-size': { type: 'string' },
        'min-confidence': { type: 'string' },
        exclude: { type: 'string', multiple: true },
        'ignore-file': { type: 'string' },
        jobs: { type: 'string', short: 'j' },
        follow: { type: 'boolean', short: 'L' },
        history: { type: 'boolean' },
        all: { type: 'boolean' },
        since: { type: 'string' },
        'max-commits': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { command: 'help' };
  if (values.version === true) return { command: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) return { command: 'help' };
  if (command !== 'scan') throw new UsageError(`Unknown command '${command}'. The only command is 'scan'.`);

  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not '${format}'.`);
  const minConfidence = values['min-confidence'] ?? 'medium';
  if (!isConfidence(minConfidence)) throw new UsageError(`--min-confidence must be low, medium or high, not '${minConfidence}'.`);
  const jobs = values.jobs === undefined ? 0 : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 0) throw new UsageError('--jobs must be a whole number (0 = automatic).');
  return {
    command: 'scan',
    paths: paths.length > 0 ? paths : ['.'],
    format,
    knownKeysFile: values['known-keys'],
    hmacSecretEnv: values['hmac-secret-env'] ?? DEFAULT_HMAC_SECRET_ENV,
    staged: values.staged === true,
    noIgnore: values['no-ignore'] === true,
    maxFileSize: values['max-file-size'] === undefined ? DEFAULT_MAX_FILE_SIZE : parseSize(values['max-file-size']),
    minConfidence,
    exclude: values.exclude ?? [],
    ignoreFile: values['ignore-file'],
    jobs,
    follow: values.follow === true,
    history: parseHistoryRange(values),
  };
}

/** `--history` and its range options; the range options alone are a mistake, as is `--staged` with `--history`. */
function parseHistoryRange(values: { history?: boolean; all?: boolean; since?: string; 'max-commits'?: string; staged?: boolean }): HistoryRange | undefined {
  if (values.history !== true) {
    if (values.all === true || values.since !== undefined || values['max-commits'] !== undefined) {
      throw new UsageError('--all, --since and --max-commits go with --history.');
    }
    return undefined;
  }
  if (values.staged === true) throw new UsageError('--staged and --history cannot be combined.');
  const maxCommits = values['max-commits'] === undefined ? undefined : Number(values['max-commits']);
  if (maxCommits !== undefined && (!Number.isInteger(maxCommits) || maxCommits <= 0)) throw new UsageError('--max-commits must be a whole number greater than zero.');
  if (values.since !== undefined && (values.since === '' || values.since.startsWith('-'))) throw new UsageError('--since needs a revision, e.g. origin/main.');
  return { allRefs: values.all === true, since: values.since, maxCommits };
}

/** Parses `1048576`, `512k`, `1m`, `2MB` into bytes. */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(text.trim());
  if (match === null) throw new UsageError(`--max-file-size must be a size such as 1048576, 512k or 2m, not '${text}'.`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  const bytes = Math.floor(Number(match[1]) * unit);
  if (bytes <= 0) throw new UsageError('--max-file-size must be greater than zero.');
  return bytes;
}
