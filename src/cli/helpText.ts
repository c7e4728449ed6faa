import { DEFAULT_HMAC_SECRET_ENV } from './cliOptions';

/** `palette-keys --help`. */
export const HELP_TEXT = `Usage: palette-keys scan [options] [paths...]
       palette-keys scan --history [--all] [--since REV] [--max-commits N] [options] [paths...]

Scan files for leaked Spectro Cloud Palette API keys. Paths default to the current directory.

Options:
  -f, --format text|json|sarif  Output format (default: text). Findings go to stdout, the summary to stderr.
      --known-keys FILE         Known key values or fingerprints, one a line (# comments). A line is a raw
                                value or hmac-sha256:<64 hex>, optionally followed by a label. Raw values are
                                fingerprinted in memory and never printed.
      --hmac-secret-env NAME    Environment variable with the secret the fingerprints in --known-keys were
                                made with (default: ${DEFAULT_HMAC_SECRET_ENV}).
      --staged                  Scan the content staged in git (for a pre-commit hook).
      --no-ignore               Also scan files ignored by .gitignore.
      --max-file-size SIZE      Skip larger files (default: 1m; accepts 512k, 2m, bytes).
      --min-confidence LEVEL    low, medium or high (default: medium).
      --exclude GLOB            Leave out paths matching GLOB (repeatable), e.g. "**/fixtures/**".
      --ignore-file FILE        Fingerprints to ignore (default: .palette-keys-ignore in the current
                                directory or the repository top).
  -j, --jobs N                  Threads that scan, the main one included (default: the number of CPUs,
                                at most 4; 1 starts no worker thread).
  -L, --follow                  Follow symbolic links.
      --history                 Scan git history instead of the files: the lines every commit reachable
                                from HEAD added, and commit messages. Each leak is reported once per file,
                                at the commit that introduced it, with "presentAtHead".
      --all                     With --history: every branch, tag and ref, not only HEAD's history.
      --since REV               With --history: only commits not in REV (on a pull request: origin/main).
      --max-commits N           With --history: scan at most the N newest commits.
  -h, --help                    Show this help.
      --version                 Show the version.

Suppress a finding with a "palette-keys:allow" comment on its line or the line above, or add its
fingerprint to .palette-keys-ignore.

Exit status: 0 no findings, 1 findings, 2 error.
`;
