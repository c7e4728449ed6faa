// WordSearch (wordSearch.ts) replaces case-insensitive alternations of words in hot detector loops:
// it must find what the regex finds, match by match, whatever the text holds.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { WordSearch } from '../../src/core/scanner/wordSearch';
import { fuzzParameters } from './support/fuzz';

/** Every match as `start:length`, found by `find` resuming after each match, as a global regex does. */
function matchesOfSearch(search: WordSearch, text: string): string[] {
  const found: string[] = [];
  for (let start = search.find(text, 0); start >= 0; start = search.find(text, start + search.length)) found.push(`${start}:${search.length}`);
  return found;
}

function matchesOfRegex(words: readonly string[], text: string): string[] {
  const pattern = new RegExp(words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  return [...text.matchAll(pattern)].map((match) => `${match.index}:${match[0].length}`);
}

describe('word search', () => {
  it('finds what a case-insensitive regex of the words finds', () => {
    const lists: readonly (readonly string[])[] = [
      ['header', 'curl', 'fetch', 'requests.', 'axios', 'http.', 'urllib', 'xhr'],
      ['apikey', 'api_key', 'api-key', 'spectro', 'palette'],
      ['ab', 'abc', 'bab'],
    ];
    for (const words of lists) {
      // Letters of the words in both cases, their neighbours, and non-ASCII letters that fold onto ASCII under `u` only.
      const letters = [...new Set(words.join(''))];
      const alphabet = fc.constantFrom(...letters, ...letters.map((char) => char.toUpperCase()), 'z', ' ', '\n', '\u017f', '\u212a', '\u0130', '\u00e9');
      const text = fc.oneof(
        fc.array(alphabet, { maxLength: 80 }).map((chars) => chars.join('')),
        fc.array(fc.oneof(fc.constantFrom(...words, ...words.map((word) => word.toUpperCase())), fc.string({ maxLength: 4 })), { maxLength: 12 }).map((parts) => parts.join('')),
      );
      const search = new WordSearch(words);
      fc.assert(fc.property(text, (sample) => assert.deepEqual(matchesOfSearch(search, sample), matchesOfRegex(words, sample), JSON.stringify(sample))), fuzzParameters(1500));
    }
  });
});
