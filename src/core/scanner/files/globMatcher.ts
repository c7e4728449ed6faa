import type picomatch from 'picomatch';

/**
 * A matcher for `globs` (picomatch, dot files included). picomatch builds its tables as it loads
 * (about 5 ms, a sixth of the CLI's own start-up), so it is loaded here, when there are globs to
 * match, and not by every scan that has none.
 */
export function globMatcher(globs: readonly string[]): picomatch.Matcher {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  const load = require('picomatch') as typeof picomatch;
  return load([...globs], { dot: true });
}
