import { ASCII_FOLD, pairSkipTable } from './charClass';

/**
 * Finds any of a few ASCII words in text, ASCII case-insensitively, as a case-insensitive regex of
 * their alternation (`/word1|word2|…/gi`) finds them: the leftmost occurrence, and at one position
 * the first word listed. Regexes without the `u` flag fold only ASCII letters onto ASCII letters,
 * so folding ASCII here gives the same matches.
 *
 * Why not the regex: V8 reads an alternation of many case-insensitive words character by character
 * (about 3 ns a character on text full of random tokens). This slides a window as long as the
 * shortest word and looks at the pair of characters that ends it (Wu and Manber's skip table, as
 * `hasContextWord` does over bytes): most pairs end no word's window, and the window moves on by
 * its length less one.
 */
export class WordSearch {
  private readonly words: readonly Uint8Array[];
  private readonly window: number;
  /** How far the window may move when it ends with a pair (`pairSkipTable`, indexed `first << 7 | second`); 0: compare the words there. */
  private readonly skip: Uint8Array;
  /** Per folded first letter, the indexes of the words that start with it, in the order listed. */
  private readonly byFirst: readonly (readonly number[])[];
  /** Length of the word the last `find` found. */
  length = 0;

  /** `words`: lower case ASCII, two characters or more. */
  constructor(words: readonly string[]) {
    this.words = words.map((word) => Uint8Array.from(word, (char) => char.charCodeAt(0)));
    this.window = Math.min(...words.map((word) => word.length));
    if (this.window < 2) throw new RangeError('WordSearch needs words of two characters or more');
    this.skip = pairSkipTable(this.words, 7);
    const byFirst: number[][] = Array.from({ length: 128 }, () => []);
    this.words.forEach((word, index) => byFirst[word[0]].push(index));
    this.byFirst = byFirst;
  }

  /** Start of the first word at or after `from`, or -1; `length` then holds the word's length. */
  find(text: string, from: number): number {
    const n = text.length;
    const { skip, window } = this;
    for (let p = from + window - 1; p < n; ) {
      const first = text.charCodeAt(p - 1);
      const second = text.charCodeAt(p);
      // A character outside ASCII ends no word's window: it reads as DEL, which no word holds.
      const step = skip[((first < 128 ? first : 127) << 7) | (second < 128 ? second : 127)];
      if (step !== 0) {
        p += step;
        continue;
      }
      const start = p - window + 1;
      if (this.wordAt(text, start)) return start;
      p++;
    }
    return -1;
  }

  /** True when one of the words starts at `start` (the first listed, its length in `length`). */
  private wordAt(text: string, start: number): boolean {
    const code = text.charCodeAt(start);
    if (code >= 128) return false;
    for (const index of this.byFirst[ASCII_FOLD[code]]) {
      const word = this.words[index];
      if (start + word.length > text.length) continue;
      let i = 1;
      while (i < word.length) {
        const next = text.charCodeAt(start + i);
        if (next >= 128 || ASCII_FOLD[next] !== word[i]) break;
        i++;
      }
      if (i === word.length) {
        this.length = word.length;
        return true;
      }
    }
    return false;
  }
}

