import { firstLine, GitError, runGit } from './gitProcess';

/** Values looked for by one `git grep`: its patterns (7 a value at most) stay a few hundred KB. */
const VALUES_PER_GREP = 10_000;

/**
 * Which of `values` (key values found in history) are still somewhere in HEAD's tree, as they are or
 * base64-encoded, whether or not a detector would report them there: a value anywhere in HEAD is
 * still published. One `git grep` of fixed strings over HEAD's tree (no checkout: the working tree's
 * edits do not count) answers it in git's own threads, after the log: reading every blob of HEAD
 * beside the log instead took CPU from git's log and made the whole scan slower.
 *
 * The values reach git on its standard input, never on its command line (which other users of the
 * machine can read), and what git prints back is the matched text only (`-h -o`).
 */
export async function valuesAtHead(root: string, values: readonly string[], signal: AbortSignal | undefined): Promise<Set<string>> {
  const present = new Set<string>();
  for (let from = 0; from < values.length; from += VALUES_PER_GREP) {
    const valueOfPattern = new Map<string, string>();
    for (const value of values.slice(from, from + VALUES_PER_GREP)) {
      for (const pattern of patternsFor(value)) valueOfPattern.set(pattern, value);
    }
    const result = await runGit(
      root,
      [
        // Pinned: a user's config must not add line numbers, columns or colour to the matches, nor
        // search submodules (submodule.recurse), whose commits are not this repository's history.
        '-c', 'grep.lineNumber=false', '-c', 'grep.column=false', '-c', 'grep.patternType=fixed',
        'grep', '-h', '-o', '-a', '-F', '--no-color', '--no-textconv', '--no-recurse-submodules', '-f', '-', 'HEAD', '--',
      ],
      signal,
      [...valueOfPattern.keys()].join('\n') + '\n',
    );
    // 1: nothing matched.
    if (result.code !== 0 && result.code !== 1) throw new GitError(`git grep failed: ${firstLine(result.stderr)}`);
    for (const match of result.stdout.split('\n')) {
      const value = valueOfPattern.get(match);
      if (value !== undefined) present.add(value);
    }
  }
  return present;
}

/**
 * What to look for to find `value` in a file: the value itself, and the part of its base64 encoding
 * (both alphabets) that does not depend on what surrounds it, at each of the three byte alignments
 * it can have in the encoded text. For a 32-character key each such part is 42 characters long.
 */
export function patternsFor(value: string): string[] {
  const patterns = [value];
  const bytes = Buffer.from(value, 'utf8');
  for (let lead = 0; lead < 3; lead++) {
    const encoded = Buffer.concat([Buffer.alloc(lead), bytes]).toString('base64');
    // Character i carries bits [6i, 6i + 6) of the encoded bytes: keep those within the value's own bits.
    const fixed = encoded.slice(Math.ceil((8 * lead) / 6), Math.floor((8 * (lead + bytes.length)) / 6));
    patterns.push(fixed);
    const urlSafe = fixed.replace(/\+/g, '-').replace(/\//g, '_');
    if (urlSafe !== fixed) patterns.push(urlSafe);
  }
  return patterns;
}
